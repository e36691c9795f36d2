// "1 reader gets it", "3 readers get it": the CLI's lines about readers due later.
export const readers = (n: number): string => (n === 1 ? '1 reader gets it' : `${n} readers get it`);
