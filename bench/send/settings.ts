// The benchmark's sender settings and signing secret, in a module of their own
// so the memory child can import them without the whole app.
export const BENCH_SETTINGS = { mailFrom: 'Gazette <news@example.com>', publicUrl: 'https://news.example.com', listName: 'Gazette' };
export const BENCH_SECRET = 'bench-secret-0123456789abcdef';
