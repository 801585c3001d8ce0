/**
 * English function words that EDA never replaces or uses for insertion (Wei and Zou 2019 skip a
 * stop-word list too): pronouns, determiners, auxiliaries, prepositions, conjunctions and negation.
 * Replacing them changes grammar, not wording, and WordNet's entries for them are mostly
 * unrelated senses ("i" as iodine, "a" as ampere, "can" as a container).
 */
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again against all am an and any are as at be because been before being below between both but by ' +
    'can cannot could did do does doing down during each few for from further had has have having he her here hers herself ' +
    'him himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or ' +
    'other our ours ourselves out over own same she should so some such than that the their theirs them themselves then ' +
    'there these they this those through to too under until up very was we were what when where which while who whom why ' +
    'will with would you your yours yourself yourselves get got im ive id dont doesnt didnt cant wont isnt arent wasnt ' +
    "i'm i've i'd don't doesn't didn't can't won't isn't aren't wasn't please hi hello thanks thank yes ok okay"
  ).split(' '),
);

/**
 * Chinese function words and pronouns whose Cilin groups are too broad to give safe synonyms
 * (这个 -> 以此, 我们 -> 咱们 is fine but 了 -> 罢了 is not); they are never replaced.
 */
export const CHINESE_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    '的 了 着 过 是 在 和 与 及 或 也 都 就 又 还 很 太 最 更 非常 十分 这 那 这个 那个 这些 那些 这样 那样 这里 那里 ' +
    '我 你 他 她 它 我们 你们 他们 她们 它们 自己 什么 怎么 怎样 为什么 哪 哪里 哪个 谁 吗 呢 吧 啊 呀 哦 嗯 ' +
    '一个 一些 一下 一点 有点 没有 不是 就是 但是 可是 因为 所以 如果 虽然 而且 然后 已经 还是 可以 不能 能 会 要 想 ' +
    '把 被 给 让 对 从 到 向 为 以 于 比 跟 同 等 个 之 其 此 而 但 则 却 并 不 没'
  ).split(' '),
);
