/** Alias fragments typed into the Residents search: Latin and Cyrillic, hits and misses. */
export const SEARCH_QUERIES = ['sa', 'ал', 'dima', 'к.', 'timur', 'a', 'ни', 'zz', 'aig', 'ja', 'лев', 'ruslan 4'];
