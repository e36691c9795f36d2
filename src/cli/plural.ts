// "1 story", "3 stories": counts in the CLI's sentences agree with their number.
/** `n` and the word for it: `count(1, 'story', 'stories')` is "1 story", `count(2, 'reader')` is "2 readers". */
export const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** "1 reader gets it", "3 readers get it": the CLI's lines about readers due later. */
export const readers = (n: number): string => (n === 1 ? '1 reader gets it' : `${n} readers get it`);
