// A small local word list standing in for WeChat's content security service. Extend as needed.
export const SENSITIVE_WORDS = ['赌博', '博彩', '代开发票', '枪支', '毒品', '办证', '色情', '裸聊', '诈骗群'];
