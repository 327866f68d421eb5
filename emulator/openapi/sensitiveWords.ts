// A small local word list standing in for WeChat's content security service. Extend as needed.
export const SENSITIVE_WORDS = ['赌博', '博彩', '代开发票', '枪支', '毒品', '办证', '色情', '裸聊', '诈骗群'];

/**
 * The text as the word list sees it: full-width forms folded (NFKC), lower case, and spaces,
 * zero-width and other format characters, punctuation and symbols dropped, so 「赌 博」,
 * 「赌\u200B博」 or 「赌*博」 still match 赌博.
 */
export const normaliseForMatch = (text: string): string =>
  text.normalize('NFKC').toLowerCase().replace(/[\s\p{Z}\p{Cf}\p{Cc}\p{P}\p{S}]/gu, '');

/** The first listed word the text contains, after normalising both. */
export const sensitiveHit = (text: string): string | undefined => {
  const t = normaliseForMatch(text);
  return SENSITIVE_WORDS.find((w) => t.includes(normaliseForMatch(w)));
};
