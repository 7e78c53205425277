import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';

let t = Date.now();
const db = await PGlite.create({ extensions: { unaccent, pg_trgm } });
console.log('create', Date.now() - t);
t = Date.now();
await db.exec(
  "create extension unaccent; create extension pg_trgm; create table x(a text); insert into x values ('Đà Nẵng')",
);
const r = await db.query("select unaccent('unaccent'::regdictionary, a) u from x");
console.log(r.rows, Date.now() - t);
t = Date.now();
const dump = await db.dumpDataDir('none');
console.log('dump', Date.now() - t, dump.size);
t = Date.now();
const db2 = await PGlite.create({ loadDataDir: dump, extensions: { unaccent, pg_trgm } });
console.log('clone', Date.now() - t, (await db2.query('select * from x')).rows);
