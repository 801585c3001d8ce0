/**
 * The attribute vocabulary of the synthetic shop: a three-level category tree whose leaves name
 * their product nouns (canonical first, rarer query variants after), sizes with units, colours,
 * materials, a typical price, and complementary leaves that drive co-purchase chains. Brand names
 * are invented.
 */

/** One leaf category and the vocabulary its items and queries are built from. */
export interface LeafVocabulary {
  /** Path from the root, e.g. `['beauty', 'skin care', 'serum']`. */
  path: readonly [string, string, string];
  /** Product nouns; the first is used in titles, the others appear in queries as rarer variants. */
  nouns: readonly string[];
  /** The noun in Chinese, for Chinese queries and utterances. */
  chinese: string;
  /** Title words placed before the noun, e.g. `Hydrating`. */
  adjectives: readonly string[];
  /** Size or volume values with units, e.g. `50ml`. */
  sizes: readonly string[];
  /** Colour palette name, or absent when colour is not an attribute of the leaf. */
  palette?: keyof typeof PALETTES;
  materials?: readonly string[];
  /** Typical price in the shop's currency. */
  price: number;
  /** Leaf names (last path element) bought next: the co-purchase chains of a session. */
  complements: readonly string[];
}

export const PALETTES = Object.freeze({
  neutral: ['black', 'white', 'grey', 'silver'],
  bright: ['red', 'blue', 'green', 'pink', 'yellow', 'black'],
  earthy: ['beige', 'brown', 'olive', 'navy', 'black', 'white'],
  lips: ['red', 'nude', 'pink', 'coral', 'berry'],
} as const);

/** Chinese names of the colours above. */
export const CHINESE_COLOURS: Readonly<Record<string, string>> = Object.freeze({
  black: '黑色', white: '白色', grey: '灰色', silver: '银色', red: '红色', blue: '蓝色', green: '绿色', pink: '粉色',
  yellow: '黄色', beige: '米色', brown: '棕色', olive: '橄榄绿', navy: '藏青色', nude: '裸色', coral: '珊瑚色', berry: '莓果色',
});

/** Invented brands by top-level category. */
export const BRANDS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  beauty: ['Lumina', 'Verdane', 'Aurelle', 'Mirave', 'Solace', 'Petalique'],
  electronics: ['Voltix', 'Nexora', 'Auralink', 'Quantix', 'Zenbyte'],
  'home & kitchen': ['Hearthly', 'Copperleaf', 'Nestwell', 'Brewster', 'Oakhaven'],
  clothing: ['Norththread', 'Urbanloom', 'Driftwear', 'Cobaltline', 'Softfield'],
  'sports & outdoors': ['Summitra', 'Trailborne', 'Pulsefit', 'Altivo'],
});

const skin = ['Hydrating', 'Brightening', 'Soothing', 'Daily', 'Vitamin C', 'Repair'];
const tech = ['Pro', 'Lite', 'Max', 'Ultra', 'Compact'];
const cotton = ['cotton', 'organic cotton', 'polyester', 'linen'];

export const LEAVES: readonly LeafVocabulary[] = Object.freeze([
  { path: ['beauty', 'skin care', 'serum'], nouns: ['serum', 'face serum', 'essence'], chinese: '精华液', adjectives: skin, sizes: ['30ml', '50ml'], price: 32, complements: ['moisturizer', 'sunscreen'] },
  { path: ['beauty', 'skin care', 'moisturizer'], nouns: ['moisturizer', 'moisturiser', 'face cream'], chinese: '面霜', adjectives: skin, sizes: ['50ml', '100ml'], price: 28, complements: ['sunscreen', 'serum'] },
  { path: ['beauty', 'skin care', 'cleanser'], nouns: ['cleanser', 'face wash', 'facial cleanser'], chinese: '洁面乳', adjectives: ['Gentle', 'Foaming', 'Gel', 'Daily'], sizes: ['150ml', '200ml'], price: 15, complements: ['serum', 'moisturizer'] },
  { path: ['beauty', 'skin care', 'sunscreen'], nouns: ['sunscreen', 'sunblock', 'spf cream'], chinese: '防晒霜', adjectives: ['SPF 50', 'SPF 30', 'Mineral', 'Light'], sizes: ['50ml', '100ml'], price: 20, complements: ['moisturizer', 'cleanser'] },
  { path: ['beauty', 'makeup', 'lipstick'], nouns: ['lipstick', 'lip colour', 'lip stick'], chinese: '口红', adjectives: ['Matte', 'Satin', 'Velvet', 'Gloss'], sizes: ['3.5g', '4g'], palette: 'lips', price: 18, complements: ['mascara', 'foundation'] },
  { path: ['beauty', 'makeup', 'foundation'], nouns: ['foundation', 'liquid foundation', 'base makeup'], chinese: '粉底液', adjectives: ['Matte', 'Dewy', 'Full Cover', 'Light'], sizes: ['30ml'], price: 30, complements: ['mascara', 'lipstick'] },
  { path: ['beauty', 'makeup', 'mascara'], nouns: ['mascara', 'lash mascara'], chinese: '睫毛膏', adjectives: ['Volume', 'Lengthening', 'Waterproof'], sizes: ['8ml', '10ml'], price: 16, complements: ['lipstick', 'foundation'] },
  { path: ['beauty', 'hair care', 'shampoo'], nouns: ['shampoo', 'hair shampoo'], chinese: '洗发水', adjectives: ['Repair', 'Volume', 'Anti-Dandruff', 'Silk'], sizes: ['250ml', '500ml'], price: 12, complements: ['conditioner'] },
  { path: ['beauty', 'hair care', 'conditioner'], nouns: ['conditioner', 'hair conditioner'], chinese: '护发素', adjectives: ['Repair', 'Volume', 'Silk', 'Moisture'], sizes: ['250ml', '500ml'], price: 13, complements: ['shampoo'] },
  { path: ['electronics', 'phones & accessories', 'smartphone'], nouns: ['smartphone', 'phone', 'mobile phone'], chinese: '智能手机', adjectives: tech, sizes: ['128GB', '256GB', '512GB'], palette: 'neutral', price: 520, complements: ['phone case', 'charger', 'screen protector'] },
  { path: ['electronics', 'phones & accessories', 'phone case'], nouns: ['phone case', 'phone cover', 'case'], chinese: '手机壳', adjectives: ['Slim', 'Rugged', 'Clear', 'Magnetic'], sizes: ['6.1 inch', '6.7 inch'], palette: 'bright', materials: ['silicone', 'leather', 'polycarbonate'], price: 15, complements: ['screen protector', 'charger'] },
  { path: ['electronics', 'phones & accessories', 'charger'], nouns: ['charger', 'fast charger', 'power adapter'], chinese: '充电器', adjectives: ['Fast', 'Dual Port', 'GaN', 'Wireless'], sizes: ['20W', '65W'], palette: 'neutral', price: 22, complements: ['phone case', 'earbuds'] },
  { path: ['electronics', 'phones & accessories', 'screen protector'], nouns: ['screen protector', 'tempered glass', 'screen guard'], chinese: '钢化膜', adjectives: ['Tempered', 'Privacy', 'Anti-Glare'], sizes: ['6.1 inch', '6.7 inch'], price: 9, complements: ['phone case'] },
  { path: ['electronics', 'audio', 'headphones'], nouns: ['headphones', 'over-ear headphones', 'headset'], chinese: '头戴式耳机', adjectives: ['Noise Cancelling', 'Studio', 'Wireless'], sizes: ['40mm'], palette: 'neutral', price: 120, complements: ['bluetooth speaker', 'charger'] },
  { path: ['electronics', 'audio', 'earbuds'], nouns: ['earbuds', 'wireless earphones', 'earphones'], chinese: '无线耳机', adjectives: ['True Wireless', 'Sport', 'Noise Cancelling'], sizes: ['10mm'], palette: 'neutral', price: 60, complements: ['charger', 'bluetooth speaker'] },
  { path: ['electronics', 'audio', 'bluetooth speaker'], nouns: ['bluetooth speaker', 'portable speaker', 'wireless speaker'], chinese: '蓝牙音箱', adjectives: ['Portable', 'Waterproof', 'Mini'], sizes: ['10W', '20W'], palette: 'bright', price: 45, complements: ['earbuds'] },
  { path: ['electronics', 'computers', 'laptop'], nouns: ['laptop', 'notebook computer', 'notebook'], chinese: '笔记本电脑', adjectives: tech, sizes: ['13 inch', '14 inch', '15.6 inch'], palette: 'neutral', price: 900, complements: ['mouse', 'keyboard'] },
  { path: ['electronics', 'computers', 'mouse'], nouns: ['mouse', 'wireless mouse', 'computer mouse'], chinese: '鼠标', adjectives: ['Ergonomic', 'Silent', 'Gaming', 'Wireless'], sizes: ['standard', 'compact'], palette: 'neutral', price: 25, complements: ['keyboard'] },
  { path: ['electronics', 'computers', 'keyboard'], nouns: ['keyboard', 'mechanical keyboard', 'wireless keyboard'], chinese: '键盘', adjectives: ['Mechanical', 'Low Profile', 'Wireless'], sizes: ['full size', 'tenkeyless'], palette: 'neutral', price: 55, complements: ['mouse'] },
  { path: ['home & kitchen', 'cookware', 'frying pan'], nouns: ['frying pan', 'skillet', 'fry pan'], chinese: '煎锅', adjectives: ['Non-Stick', 'Classic', 'Induction'], sizes: ['24cm', '28cm'], materials: ['cast iron', 'stainless steel', 'aluminium'], price: 35, complements: ['saucepan', 'knife set'] },
  { path: ['home & kitchen', 'cookware', 'saucepan'], nouns: ['saucepan', 'sauce pan', 'pot'], chinese: '汤锅', adjectives: ['Classic', 'Induction', 'Tri-Ply'], sizes: ['16cm', '20cm'], materials: ['stainless steel', 'aluminium'], price: 30, complements: ['frying pan'] },
  { path: ['home & kitchen', 'cookware', 'knife set'], nouns: ['knife set', 'kitchen knives', 'chef knife set'], chinese: '刀具套装', adjectives: ['Professional', 'Forged', 'Essential'], sizes: ['3 piece', '5 piece'], materials: ['stainless steel', 'ceramic'], price: 60, complements: ['frying pan'] },
  { path: ['home & kitchen', 'coffee & tea', 'coffee maker'], nouns: ['coffee maker', 'coffee machine', 'espresso machine'], chinese: '咖啡机', adjectives: ['Drip', 'Espresso', 'Programmable'], sizes: ['1.2L', '1.5L'], palette: 'neutral', price: 110, complements: ['coffee beans', 'mug'] },
  { path: ['home & kitchen', 'coffee & tea', 'coffee beans'], nouns: ['coffee beans', 'whole bean coffee', 'espresso beans'], chinese: '咖啡豆', adjectives: ['Dark Roast', 'Medium Roast', 'Single Origin'], sizes: ['250g', '500g', '1kg'], price: 14, complements: ['mug', 'coffee beans'] },
  { path: ['home & kitchen', 'coffee & tea', 'mug'], nouns: ['mug', 'coffee mug', 'cup'], chinese: '马克杯', adjectives: ['Classic', 'Insulated', 'Handmade'], sizes: ['350ml', '450ml'], palette: 'earthy', materials: ['ceramic', 'glass', 'stainless steel'], price: 12, complements: ['coffee beans'] },
  { path: ['home & kitchen', 'bedding', 'duvet cover'], nouns: ['duvet cover', 'comforter cover', 'quilt cover'], chinese: '被套', adjectives: ['Soft', 'Washed', 'Striped'], sizes: ['single', 'double', 'king'], palette: 'earthy', materials: cotton, price: 45, complements: ['pillow', 'sheet set'] },
  { path: ['home & kitchen', 'bedding', 'pillow'], nouns: ['pillow', 'bed pillow', 'memory foam pillow'], chinese: '枕头', adjectives: ['Memory Foam', 'Soft', 'Cooling'], sizes: ['standard', 'queen'], materials: ['memory foam', 'down', 'microfiber'], price: 25, complements: ['sheet set', 'duvet cover'] },
  { path: ['home & kitchen', 'bedding', 'sheet set'], nouns: ['sheet set', 'bed sheets', 'bedsheet set'], chinese: '床单套件', adjectives: ['Soft', 'Percale', 'Sateen'], sizes: ['single', 'double', 'king'], palette: 'earthy', materials: cotton, price: 40, complements: ['pillow'] },
  { path: ['clothing', 'tops', 't-shirt'], nouns: ['t-shirt', 'tee', 'tshirt'], chinese: 'T恤', adjectives: ['Classic', 'Relaxed', 'Slim Fit', 'Graphic'], sizes: ['S', 'M', 'L', 'XL'], palette: 'earthy', materials: cotton, price: 18, complements: ['jeans', 'shorts'] },
  { path: ['clothing', 'tops', 'hoodie'], nouns: ['hoodie', 'hooded sweatshirt', 'sweatshirt'], chinese: '连帽卫衣', adjectives: ['Fleece', 'Oversized', 'Zip'], sizes: ['S', 'M', 'L', 'XL'], palette: 'earthy', materials: ['cotton', 'fleece', 'polyester'], price: 40, complements: ['jeans', 'sneakers'] },
  { path: ['clothing', 'tops', 'shirt'], nouns: ['shirt', 'button-down shirt', 'oxford shirt'], chinese: '衬衫', adjectives: ['Oxford', 'Slim Fit', 'Linen'], sizes: ['S', 'M', 'L', 'XL'], palette: 'earthy', materials: cotton, price: 35, complements: ['jeans'] },
  { path: ['clothing', 'bottoms', 'jeans'], nouns: ['jeans', 'denim jeans', 'denim'], chinese: '牛仔裤', adjectives: ['Slim', 'Straight', 'Relaxed'], sizes: ['W30', 'W32', 'W34'], palette: 'earthy', materials: ['denim', 'stretch denim'], price: 50, complements: ['t-shirt', 'sneakers'] },
  { path: ['clothing', 'bottoms', 'shorts'], nouns: ['shorts', 'summer shorts', 'chino shorts'], chinese: '短裤', adjectives: ['Chino', 'Cargo', 'Sport'], sizes: ['S', 'M', 'L', 'XL'], palette: 'earthy', materials: cotton, price: 25, complements: ['t-shirt'] },
  { path: ['clothing', 'shoes', 'running shoes'], nouns: ['running shoes', 'runners', 'jogging shoes'], chinese: '跑鞋', adjectives: ['Cushioned', 'Lightweight', 'Trail'], sizes: ['EU 40', 'EU 42', 'EU 44'], palette: 'bright', materials: ['mesh', 'knit'], price: 85, complements: ['socks', 'water bottle'] },
  { path: ['clothing', 'shoes', 'sneakers'], nouns: ['sneakers', 'trainers', 'canvas shoes'], chinese: '运动鞋', adjectives: ['Classic', 'Low Top', 'High Top'], sizes: ['EU 40', 'EU 42', 'EU 44'], palette: 'earthy', materials: ['canvas', 'leather'], price: 65, complements: ['socks'] },
  { path: ['clothing', 'shoes', 'socks'], nouns: ['socks', 'ankle socks', 'crew socks'], chinese: '袜子', adjectives: ['Cushioned', 'Everyday', 'Athletic'], sizes: ['3 pack', '6 pack'], palette: 'earthy', materials: ['cotton', 'merino wool'], price: 10, complements: ['running shoes', 'sneakers'] },
  { path: ['sports & outdoors', 'fitness', 'yoga mat'], nouns: ['yoga mat', 'exercise mat', 'fitness mat'], chinese: '瑜伽垫', adjectives: ['Non-Slip', 'Thick', 'Travel'], sizes: ['4mm', '6mm', '8mm'], palette: 'bright', materials: ['TPE', 'natural rubber', 'PVC'], price: 28, complements: ['water bottle', 'dumbbells'] },
  { path: ['sports & outdoors', 'fitness', 'dumbbells'], nouns: ['dumbbells', 'dumbbell set', 'hand weights'], chinese: '哑铃', adjectives: ['Adjustable', 'Hex', 'Neoprene'], sizes: ['2kg', '5kg', '10kg'], materials: ['cast iron', 'neoprene'], price: 40, complements: ['yoga mat', 'water bottle'] },
  { path: ['sports & outdoors', 'fitness', 'water bottle'], nouns: ['water bottle', 'sports bottle', 'drinking bottle'], chinese: '水杯', adjectives: ['Insulated', 'Leak-Proof', 'Sport'], sizes: ['500ml', '750ml', '1L'], palette: 'bright', materials: ['stainless steel', 'BPA-free plastic'], price: 16, complements: ['yoga mat'] },
  { path: ['sports & outdoors', 'camping', 'tent'], nouns: ['tent', 'camping tent', 'dome tent'], chinese: '帐篷', adjectives: ['Ultralight', 'Family', 'Pop-Up'], sizes: ['2 person', '4 person'], palette: 'earthy', materials: ['nylon', 'polyester'], price: 150, complements: ['sleeping bag', 'headlamp'] },
  { path: ['sports & outdoors', 'camping', 'sleeping bag'], nouns: ['sleeping bag', 'camping sleeping bag', 'mummy bag'], chinese: '睡袋', adjectives: ['3-Season', 'Ultralight', 'Warm'], sizes: ['regular', 'long'], palette: 'earthy', materials: ['down', 'synthetic fill'], price: 70, complements: ['headlamp', 'tent'] },
  { path: ['sports & outdoors', 'camping', 'headlamp'], nouns: ['headlamp', 'head torch', 'head lamp'], chinese: '头灯', adjectives: ['Rechargeable', 'Bright', 'Waterproof'], sizes: ['300 lumen', '600 lumen'], palette: 'neutral', price: 22, complements: ['tent'] },
] satisfies LeafVocabulary[]);
