import { createRequire as __nbCreateRequire } from 'node:module'; const require = __nbCreateRequire(import.meta.url);

// dist/source/core/db/sql-client.js
async function using(opened, fn) {
  const client = await opened;
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}
function quoteDouble(identifier) {
  return `"${identifier.replace(/"/g, '""')}"`;
}
function quoteBacktick(identifier) {
  return `\`${identifier.replace(/`/g, "``")}\``;
}
function bindPlaceholders(sql, bind) {
  let out = "";
  let quote;
  let n = 0;
  for (const ch of sql) {
    if (quote) {
      if (ch === quote)
        quote = void 0;
      out += ch;
    } else if (ch === "'" || ch === '"' || ch === "`") {
      quote = ch;
      out += ch;
    } else
      out += ch === "?" ? bind(n++) : ch;
  }
  return out;
}

// dist/source/core/engines/sqlite/sqlite-wasm.js
import { readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";

// dist/source/core/engines/sqlite/sqlite-tables.js
async function sqliteTables(client, names) {
  const rows = await client.rows(`select name from sqlite_master where type = 'table' and name in (?)`, [names]);
  return rows.map((r) => ({ table: r.name }));
}

// dist/source/core/engines/sqlite/sqlite-wasm.js
async function sqlJs() {
  const { default: init } = await import("sql.js");
  const require2 = createRequire(import.meta.url);
  return init({ locateFile: (name) => require2.resolve(`sql.js/dist/${name}`) });
}
async function createSqliteFile(file, sql) {
  const SQL = await sqlJs();
  const db = new SQL.Database();
  try {
    db.exec(sql);
    await writeFile(file, db.export(), { mode: 384 });
  } finally {
    db.close();
  }
}
async function copySqliteFile(source, destination) {
  const SQL = await sqlJs();
  const db = new SQL.Database(await readFile(source));
  try {
    const rows = db.exec("pragma integrity_check");
    if (rows[0]?.values[0]?.[0] !== "ok")
      throw new Error(`${source} fails SQLite's integrity check`);
    await writeFile(destination, db.export(), { mode: 384 });
  } finally {
    db.close();
  }
}
async function sqliteWasmClient(file) {
  const SQL = await sqlJs();
  const db = new SQL.Database(await readFile(file));
  const client = {
    engine: "sqlite",
    async rows(sql, params = []) {
      const flat = params.flatMap((p) => Array.isArray(p) ? p : [p]);
      let i = 0;
      const text = bindPlaceholders(sql, () => {
        const p = params[i++];
        return Array.isArray(p) ? p.map(() => "?").join(",") : "?";
      });
      const statement = db.prepare(text);
      try {
        statement.bind(flat);
        const out = [];
        while (statement.step())
          out.push(statement.getAsObject());
        return out;
      } finally {
        statement.free();
      }
    },
    tables: (names) => sqliteTables(client, names),
    quote: quoteDouble,
    close: async () => db.close()
  };
  return client;
}

export {
  using,
  quoteDouble,
  quoteBacktick,
  bindPlaceholders,
  sqliteTables,
  createSqliteFile,
  copySqliteFile,
  sqliteWasmClient
};
