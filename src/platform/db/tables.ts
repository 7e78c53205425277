// The platform's shared SQL objects (extensions, the accent-folding search function) are created by
// the custom migration 0000_search_extensions.sql; this module declares no tables of its own.
export {};
