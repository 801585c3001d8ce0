/**
 * Customer-service utterance templates by intent, in English and Chinese. `(a|b)` picks one
 * alternative; `{order}`, `{product}`, `{date}` are slots filled from the generated world.
 */

export const CUSTOMER_SERVICE_INTENTS = Object.freeze([
  'track_order',
  'delivery_delay',
  'cancel_order',
  'change_address',
  'return_item',
  'exchange_item',
  'refund_status',
  'damaged_item',
  'payment_issue',
  'apply_coupon',
  'product_question',
  'account_access',
  'invoice_request',
  'speak_to_agent',
] as const);

export type CustomerServiceIntent = (typeof CUSTOMER_SERVICE_INTENTS)[number];

export const ENGLISH_TEMPLATES: Readonly<Record<CustomerServiceIntent, readonly string[]>> = Object.freeze({
  track_order: [
    'where is my (order|package|parcel) {order}',
    'can you (tell me|check) where order {order} is',
    '(track|tracking for) my (order|package) {order}',
    'what is the (status|tracking status) of {order}',
    'has my {product} (shipped|been shipped) yet',
  ],
  delivery_delay: [
    'my (order|package) {order} was supposed to arrive on {date} and it is still not here',
    'why is my {product} (late|delayed)',
    'the delivery of {order} is (late|overdue|delayed)',
    'it has been a week and my {product} has not arrived',
  ],
  cancel_order: [
    '(i want to|please|i need to) cancel (order|my order) {order}',
    'cancel my {product} order',
    'how do i cancel the order i placed on {date}',
    'i (changed my mind|no longer need it), cancel {order}',
  ],
  change_address: [
    'i need to change the (shipping|delivery) address for {order}',
    'can i (update|change) my address on order {order}',
    'wrong address on my order from {date}, how do i fix it',
    'please ship {order} to (a different|my new) address',
  ],
  return_item: [
    'i want to return (the|my) {product}',
    'how do i return (an item|something) from order {order}',
    '(the|my) {product} does not fit, can i send it back',
    'start a return for {order}',
    'what is your return policy for {product}',
  ],
  exchange_item: [
    'can i exchange (the|my) {product} for a different size',
    'i (want|would like) to swap {product} for another colour',
    'exchange the item in {order} please',
    'the {product} is the wrong size, i need an exchange',
  ],
  refund_status: [
    'where is my refund for {order}',
    'i returned {product} on {date} but have not (got|received) my refund',
    'how long does a refund take',
    '(status|update) on refund for order {order}',
  ],
  damaged_item: [
    'my {product} arrived (broken|damaged|cracked)',
    'the (package|box) for {order} was damaged and the item is broken',
    'i received a (defective|faulty) {product}',
    '{product} stopped working after (two days|a week)',
  ],
  payment_issue: [
    'my (card|payment) was (declined|rejected) at checkout',
    'i was charged twice for {order}',
    'payment failed but money left my account on {date}',
    'why (did|does) my payment not go through',
  ],
  apply_coupon: [
    'my (coupon|promo code|discount code) is not working',
    'how do i apply a (voucher|coupon) to order {order}',
    'i forgot to use my discount on {order}, can you add it',
    'is there a (discount|promo) for {product}',
  ],
  product_question: [
    'is the {product} (waterproof|machine washable|dishwasher safe)',
    'what size is (the|this) {product}',
    'does {product} come in other colours',
    'is {product} (in stock|available) (right now|again)',
    'what is the {product} made of',
  ],
  account_access: [
    'i (cannot|can\'t) log in to my account',
    '(forgot|reset) my password',
    'my account (is locked|got locked) after too many tries',
    'i am not getting the verification code',
  ],
  invoice_request: [
    'can i get an invoice for {order}',
    'please send (the|a) (receipt|invoice) for my order from {date}',
    'i need a vat invoice for {product}',
    'where do i download the invoice for {order}',
  ],
  speak_to_agent: [
    '(i want to|let me|can i) (talk|speak) to a (human|real person|agent)',
    'connect me (to|with) customer service',
    'this bot is not helping, (get|give) me an agent',
    'is there a phone number i can call',
  ],
});

export const CHINESE_TEMPLATES: Readonly<Record<CustomerServiceIntent, readonly string[]>> = Object.freeze({
  track_order: ['我的订单{order}(到哪了|现在在哪里)', '帮我查一下订单{order}的物流', '{product}(发货了吗|什么时候发货)', '(查询|跟踪)订单{order}'],
  delivery_delay: ['订单{order}说{date}送到，(现在还没到|到现在都没收到)', '我的{product}怎么还没到', '快递(太慢了|延误了)，订单{order}', '等了一个星期{product}还没送到'],
  cancel_order: ['(我要|帮我)取消订单{order}', '{product}不想要了，(取消|撤销)订单', '{date}下的单怎么取消', '取消{order}这个订单'],
  change_address: ['订单{order}的收货地址(填错了|要改)', '(怎么|能不能)修改订单{order}的地址', '{date}的订单地址写错了', '请把{order}改寄到新地址'],
  return_item: ['我想退(货|掉){product}', '订单{order}里的东西怎么退货', '{product}(不合适|尺码不对)，可以退吗', '{product}的退货政策是什么'],
  exchange_item: ['{product}(能换|可以换)个尺码吗', '我想把{product}换成别的颜色', '订单{order}的商品(申请换货|要换货)', '{product}尺码不对，需要换货'],
  refund_status: ['订单{order}的退款(到哪了|什么时候到账)', '{date}退的{product}还没收到退款', '退款一般要多久', '查一下{order}的退款进度'],
  damaged_item: ['收到的{product}(坏了|破损了)', '订单{order}的包裹压坏了', '{product}是(次品|有质量问题)', '{product}用了(两天|一周)就坏了'],
  payment_issue: ['付款(失败|不成功)，银行卡被拒', '订单{order}被扣了两次钱', '{date}支付失败但是钱扣了', '为什么我(付不了款|无法支付)'],
  apply_coupon: ['(优惠券|折扣码)用不了', '订单{order}怎么用优惠券', '下单{order}时忘了用优惠券，能补吗', '{product}有(优惠|折扣)吗'],
  product_question: ['{product}(防水吗|可以机洗吗)', '{product}是什么尺寸的', '{product}有其他颜色吗', '{product}(还有货吗|什么时候补货)'],
  account_access: ['(登录不上|登不进)我的账号', '(忘记密码了|怎么重置密码)', '账号被锁了怎么办', '收不到验证码'],
  invoice_request: ['订单{order}能开发票吗', '请把{date}订单的发票发给我', '{product}需要开增值税发票', '{order}的发票在哪里下载'],
  speak_to_agent: ['(转人工|我要人工客服)', '(帮我|请)接通人工客服', '机器人没用，(找真人|转人工)', '客服电话是多少'],
});

export const ENGLISH_OPENERS: readonly string[] = Object.freeze(['', '', '', 'hi, ', 'hello, ', 'hey ', 'excuse me, ', 'good morning, ']);
export const ENGLISH_CLOSERS: readonly string[] = Object.freeze(['', '', '', '?', '.', ' please', ' thanks', ' asap', '!']);
export const CHINESE_OPENERS: readonly string[] = Object.freeze(['', '', '', '你好，', '您好，', '请问', '亲，']);
export const CHINESE_CLOSERS: readonly string[] = Object.freeze(['', '', '？', '。', '，谢谢', '，麻烦尽快', '！']);
