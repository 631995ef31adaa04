import { createRequire as __nbCreateRequire } from 'node:module'; const require = __nbCreateRequire(import.meta.url);
import {
  DEFAULT_PORTS,
  SERVER_ENGINES,
  ToolFinder,
  engineModule,
  isEngine,
  isPgFamily,
  storageItems
} from "./chunk-MTJRFTSB.js";
import {
  using
} from "./chunk-DIZIYRKV.js";
import {
  hostPathFor,
  serviceByHost
} from "./chunk-PNQCBXDH.js";
import {
  NbError,
  errorHint,
  errorLine
} from "./chunk-IEXP4XVL.js";

// node_modules/yocto-queue/index.js
var Node = class {
  value;
  next;
  constructor(value) {
    this.value = value;
  }
};
var Queue = class {
  #head;
  #tail;
  #size;
  constructor() {
    this.clear();
  }
  enqueue(value) {
    const node = new Node(value);
    if (this.#head) {
      this.#tail.next = node;
      this.#tail = node;
    } else {
      this.#head = node;
      this.#tail = node;
    }
    this.#size++;
  }
  dequeue() {
    const current = this.#head;
    if (!current) {
      return;
    }
    this.#head = this.#head.next;
    this.#size--;
    if (!this.#head) {
      this.#tail = void 0;
    }
    return current.value;
  }
  peek() {
    if (!this.#head) {
      return;
    }
    return this.#head.value;
  }
  clear() {
    this.#head = void 0;
    this.#tail = void 0;
    this.#size = 0;
  }
  get size() {
    return this.#size;
  }
  *[Symbol.iterator]() {
    let current = this.#head;
    while (current) {
      yield current.value;
      current = current.next;
    }
  }
  *drain() {
    while (this.#head) {
      yield this.dequeue();
    }
  }
};

// node_modules/p-limit/index.js
function pLimit(concurrency) {
  let rejectOnClear = false;
  if (typeof concurrency === "object") {
    ({ concurrency, rejectOnClear = false } = concurrency);
  }
  validateConcurrency(concurrency);
  if (typeof rejectOnClear !== "boolean") {
    throw new TypeError("Expected `rejectOnClear` to be a boolean");
  }
  const queue = new Queue();
  let activeCount = 0;
  const resumeNext = () => {
    if (activeCount < concurrency && queue.size > 0) {
      activeCount++;
      queue.dequeue().run();
    }
  };
  const next = () => {
    activeCount--;
    resumeNext();
  };
  const run = async (function_, resolve, arguments_) => {
    const result = (async () => function_(...arguments_))();
    resolve(result);
    try {
      await result;
    } catch {
    }
    next();
  };
  const enqueue = (function_, resolve, reject, arguments_) => {
    const queueItem = { reject };
    new Promise((internalResolve) => {
      queueItem.run = internalResolve;
      queue.enqueue(queueItem);
    }).then(run.bind(void 0, function_, resolve, arguments_));
    if (activeCount < concurrency) {
      resumeNext();
    }
  };
  const generator = (function_, ...arguments_) => new Promise((resolve, reject) => {
    enqueue(function_, resolve, reject, arguments_);
  });
  Object.defineProperties(generator, {
    activeCount: {
      get: () => activeCount
    },
    pendingCount: {
      get: () => queue.size
    },
    clearQueue: {
      value() {
        if (!rejectOnClear) {
          queue.clear();
          return;
        }
        const abortError = AbortSignal.abort().reason;
        while (queue.size > 0) {
          queue.dequeue().reject(abortError);
        }
      }
    },
    concurrency: {
      get: () => concurrency,
      set(newConcurrency) {
        validateConcurrency(newConcurrency);
        concurrency = newConcurrency;
        queueMicrotask(() => {
          while (activeCount < concurrency && queue.size > 0) {
            resumeNext();
          }
        });
      }
    },
    map: {
      async value(iterable, function_) {
        const promises = [];
        try {
          Array.from(iterable, (value, index) => {
            const promise = generator(function_, value, index);
            promises.push(promise);
            return promise;
          });
        } catch (error) {
          for (const promise of promises) {
            promise.catch(() => {
            });
          }
          throw error;
        }
        return Promise.all(promises);
      }
    }
  });
  return generator;
}
function validateConcurrency(concurrency) {
  if (!((Number.isInteger(concurrency) || concurrency === Number.POSITIVE_INFINITY) && concurrency > 0)) {
    throw new TypeError("Expected `concurrency` to be a number from 1 and up");
  }
}

// dist/source/core/inventory/table-names.js
function snakeCase(name) {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2").replace(/[-\s]+/g, "_").toLowerCase();
}
function tableCandidates(collection, naming) {
  const snake = snakeCase(collection);
  const preferred = naming.underscored ? [snake, collection] : [collection, snake];
  const names = [...preferred.map((n) => naming.tablePrefix + n), ...preferred];
  return [...new Set(names)];
}
async function findTable(client, collection, naming, schema) {
  const names = tableCandidates(collection, naming);
  const schemas = [...new Set([schema, naming.schema, "public"].filter((s) => Boolean(s)))];
  const found = await client.tables(names, schemas);
  for (const s of [...schemas, void 0]) {
    for (const n of names)
      if (found.some((r) => r.schema === s && r.table === n))
        return { schema: s, table: n };
  }
  return void 0;
}
function qualified(client, ref) {
  return ref.schema ? `${client.quote(ref.schema)}.${client.quote(ref.table)}` : client.quote(ref.table);
}
function column(row, camel) {
  return row[camel] ?? row[snakeCase(camel)];
}
function jsonColumn(value) {
  if (typeof value === "string") {
    try {
      const parsed = JSON.parse(value);
      return parsed && typeof parsed === "object" ? parsed : {};
    } catch {
      return {};
    }
  }
  return value && typeof value === "object" ? value : {};
}

// dist/source/core/inventory/app-records.js
async function readAppRecords(client, naming, schema) {
  const all = async (collection) => {
    const table = await findTable(client, collection, naming, schema);
    return table ? client.rows(`select * from ${qualified(client, table)}`) : void 0;
  };
  const [dataSources, applications, plugins, versions] = [
    await all("dataSources"),
    await all("applications"),
    await all("applicationPlugins"),
    await all("applicationVersion")
  ];
  return {
    dataSources: dataSources?.map((row) => ({
      key: String(column(row, "key")),
      displayName: column(row, "displayName") ?? void 0,
      type: String(column(row, "type") ?? ""),
      enabled: truthy(column(row, "enabled") ?? true),
      options: jsonColumn(column(row, "options"))
    })),
    applications: applications?.map((row) => ({
      name: String(column(row, "name")),
      displayName: column(row, "displayName") ?? void 0,
      options: jsonColumn(column(row, "options"))
    })),
    plugins: plugins?.map((row) => ({
      name: String(column(row, "name")),
      packageName: column(row, "packageName") ?? void 0,
      version: column(row, "version") ?? void 0,
      enabled: truthy(column(row, "enabled"))
    })),
    dbVersion: versions?.length ? String(column(versions[0], "value") ?? "") || void 0 : void 0
  };
}
function truthy(value) {
  return value === true || value === 1 || value === "1" || value === "t" || value === "true";
}

// dist/source/core/inventory/app-settings.js
import path from "node:path";
var MUST_MATCH = ["DB_DIALECT", "DB_UNDERSCORED", "DB_TABLE_PREFIX", "DB_SCHEMA", "USE_DB_SCHEMA_IN_SUBAPP"];
var RECORDED_SETTINGS = [...MUST_MATCH, "COLLECTION_MANAGER_SCHEMA", "DB_TIMEZONE"];
function namingSettings(env) {
  return {
    dialect: env.DB_DIALECT ?? "",
    underscored: env.DB_UNDERSCORED === "true",
    tablePrefix: env.DB_TABLE_PREFIX ?? "",
    schema: env.DB_SCHEMA || void 0,
    useDbSchemaInSubapp: env.USE_DB_SCHEMA_IN_SUBAPP === "true"
  };
}
function mainTarget(install) {
  const env = install.env;
  const dialect = env.DB_DIALECT;
  if (!dialect)
    throw new NbError("DB_DIALECT is not set", `set DB_DIALECT in ${install.envFile ?? "the app environment"}`, "unsupported");
  if (!isEngine(dialect) || dialect === "mssql" || dialect === "oracle") {
    throw new NbError(`unknown DB_DIALECT "${dialect}"`, "NocoBase supports postgres, mysql, mariadb, kingbase and sqlite", "unsupported");
  }
  if (dialect === "sqlite") {
    return { engine: "sqlite", file: appPath(install, env.DB_STORAGE || "storage/db/nocobase.sqlite") };
  }
  const base = {
    engine: dialect,
    host: env.DB_HOST || "localhost",
    port: Number(env.DB_PORT) || DEFAULT_PORTS[dialect],
    database: env.DB_DATABASE ?? "",
    user: env.DB_USER ?? "",
    password: env.DB_PASSWORD ?? "",
    schema: isPgDialect(dialect) ? env.DB_SCHEMA || void 0 : void 0,
    ssl: sslOptions(install, env)
  };
  return routeThroughCompose(install, base);
}
function routeThroughCompose(install, target) {
  const project = install.compose?.project;
  if (!project)
    return target;
  const service = serviceByHost(project, target.host);
  if (!service)
    return target;
  const published = service.ports.find((p) => p.target === target.port && p.published !== void 0);
  if (published?.published !== void 0) {
    const hostIp = published.hostIp && published.hostIp !== "0.0.0.0" && published.hostIp !== "::" ? published.hostIp : "127.0.0.1";
    return { ...target, host: hostIp, port: published.published };
  }
  return { ...target, docker: { composeFile: project.file, service: service.name } };
}
function appPath(install, value) {
  if (install.compose) {
    const service = install.compose.project.services.find((s) => s.name === install.compose?.service);
    const mapped = service && hostPathFor(service, value);
    if (mapped)
      return mapped;
    return path.resolve(install.path, value.replace(/^\/app\/nocobase\/?/, ""));
  }
  return path.resolve(install.path, value);
}
function isPgDialect(dialect) {
  return dialect === "postgres" || dialect === "kingbase";
}
function sslOptions(install, env) {
  const mode = env.DB_DIALECT_OPTIONS_SSL_MODE;
  const ca = env.DB_DIALECT_OPTIONS_SSL_CA;
  const key = env.DB_DIALECT_OPTIONS_SSL_KEY;
  const cert = env.DB_DIALECT_OPTIONS_SSL_CERT;
  const reject = env.DB_DIALECT_OPTIONS_SSL_REJECT_UNAUTHORIZED;
  if (!mode && !ca && !key && !cert && reject === void 0)
    return void 0;
  return {
    mode,
    ca: ca ? appPath(install, ca) : void 0,
    key: key ? appPath(install, key) : void 0,
    cert: cert ? appPath(install, cert) : void 0,
    rejectUnauthorized: reject === void 0 ? void 0 : reject === "true"
  };
}

// dist/source/core/inventory/app-keys.js
import { createDecipheriv } from "node:crypto";
import { readFile } from "node:fs/promises";
import path2 from "node:path";
function decryptSecret(encrypted, key) {
  if (key.length !== 32)
    throw new NbError("the AES key must be 32 bytes", "check the key file or APP_AES_SECRET_KEY");
  const iv = Buffer.from(encrypted.slice(0, 32), "hex");
  const body = Buffer.from(encrypted.slice(32), "hex");
  try {
    const decipher = createDecipheriv("aes-256-cbc", key, iv);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
  } catch {
    throw new NbError("a secret could not be decrypted with this app key", "the key file in storage/apps/<app>/aes_key.dat does not match the database");
  }
}
async function loadAppKey(env, appRoot, storagePath, app = "main") {
  if (env.APP_AES_SECRET_KEY)
    return Buffer.from(env.APP_AES_SECRET_KEY, "hex");
  const candidates = env.APP_AES_SECRET_KEY_PATH ? [path2.resolve(appRoot, env.APP_AES_SECRET_KEY_PATH)] : [path2.join(storagePath, "apps", app, "aes_key.dat"), path2.join(storagePath, "environment-variables", app, "aes_key.dat")];
  for (const file of candidates) {
    const key = await readFile(file).catch(() => void 0);
    if (key?.length === 32)
      return key;
  }
  if (env.ENV_VARS_AES_SECRET_KEY?.length === 32)
    return Buffer.from(env.ENV_VARS_AES_SECRET_KEY, "utf8");
  return void 0;
}
function appKeyFiles(env, appRoot, storagePath, app) {
  const files = [path2.join(storagePath, "apps", app, "aes_key.dat"), path2.join(storagePath, "apps", app, "jwt_secret.dat"), path2.join(storagePath, "environment-variables", app, "aes_key.dat")];
  if (app === "main" && env.APP_AES_SECRET_KEY_PATH)
    files.push(path2.resolve(appRoot, env.APP_AES_SECRET_KEY_PATH));
  return files;
}

// dist/source/core/inventory/env-variables.js
var TEMPLATE = /\{\{\s*\$env\.([A-Za-z0-9_.-]+)\s*\}\}/g;
function hasTemplate(value) {
  return typeof value === "string" && /\{\{\s*\$env\./.test(value);
}
var EnvVariables = class {
  client;
  naming;
  key;
  schema;
  values;
  failures = /* @__PURE__ */ new Map();
  constructor(client, naming, key, schema) {
    this.client = client;
    this.naming = naming;
    this.key = key;
    this.schema = schema;
  }
  /** Replaces every template in `value`; a name that cannot be resolved is an NbError naming it. */
  async resolve(value) {
    const values = await this.load();
    return value.replace(TEMPLATE, (_match, name) => {
      const resolved = values.get(name);
      if (resolved === void 0) {
        throw new NbError(this.failures.get(name) ?? `variable ${name} is not defined in NocoBase's variables and secrets`, "define it under Settings \u2192 Variables and secrets");
      }
      return resolved;
    });
  }
  async load() {
    if (this.values)
      return this.values;
    const values = /* @__PURE__ */ new Map();
    const table = await findTable(this.client, "environmentVariables", this.naming, this.schema);
    if (table) {
      const rows = await this.client.rows(`select * from ${qualified(this.client, table)}`);
      for (const row of rows) {
        const name = String(column(row, "name") ?? "");
        const raw = String(column(row, "value") ?? "");
        if (column(row, "type") !== "secret")
          values.set(name, raw);
        else if (!this.key)
          this.failures.set(name, `secret ${name} cannot be decrypted: the app key file is missing`);
        else {
          try {
            values.set(name, decryptSecret(raw, this.key));
          } catch (error) {
            this.failures.set(name, `secret ${name}: ${error.message}`);
          }
        }
      }
    }
    this.values = values;
    return values;
  }
};

// dist/source/core/inventory/data-source-target.js
var NOT_DATABASES = {
  http: "a REST API source keeps no data of its own to back up",
  "rest-api": "a REST API source keeps no data of its own to back up",
  api: "a REST API source keeps no data of its own to back up"
};
function isDumpableType(type) {
  return SERVER_ENGINES.includes(type);
}
function notDumpableReason(type) {
  return NOT_DATABASES[type] ?? `data source type "${type}" is not one this tool can dump (postgres, mysql, mariadb, mssql, oracle, kingbase)`;
}
async function dataSourceTarget(ds, resolve) {
  if (!isDumpableType(ds.type))
    throw new NbError(notDumpableReason(ds.type), void 0, "unsupported");
  const option = async (name) => {
    const value = ds.options[name];
    if (value === void 0 || value === null || value === "")
      return void 0;
    return hasTemplate(value) ? resolve(value) : String(value);
  };
  const port = await option("port");
  const ssl = ds.options.ssl;
  return {
    engine: ds.type,
    host: await option("host") ?? "localhost",
    port: port ? Number(port) : DEFAULT_PORTS[ds.type],
    database: await option("database") ?? "",
    user: await option("username") ?? await option("user") ?? "",
    password: await option("password") ?? "",
    schema: ds.type === "postgres" || ds.type === "kingbase" ? await option("schema") : void 0,
    ssl: ssl && typeof ssl === "object" ? { mode: "require", ...ssl } : ssl === true ? { mode: "require" } : void 0
  };
}

// dist/source/core/inventory/subapp-target.js
import path3 from "node:path";
function subAppTarget(main, app, env) {
  const own = app.options.database ?? {};
  if (main.engine === "sqlite") {
    if (typeof own.dialect === "string" && own.dialect !== "sqlite" && isEngine(own.dialect)) {
      const engine = own.dialect;
      return {
        engine,
        host: str(own.host) ?? "localhost",
        port: Number(own.port) || DEFAULT_PORTS[engine],
        database: str(own.database) ?? app.name,
        user: str(own.username) ?? str(own.user) ?? "",
        password: ownPassword(app, own, env) ?? "",
        schema: str(own.schema)
      };
    }
    const file = typeof own.storage === "string" ? own.storage : path3.join(path3.dirname(main.file), `${app.name}.sqlite`);
    return { engine: "sqlite", file };
  }
  const connType = app.options.dbConnType;
  let target = { ...main, schema: void 0 };
  if (isPgFamily(main.engine) && (env.USE_DB_SCHEMA_IN_SUBAPP === "true" || connType === "new_schema")) {
    target = { ...target, schema: app.name };
  } else if (connType !== "new_schema") {
    target = { ...target, database: app.name };
  }
  const dialect = typeof own.dialect === "string" && isEngine(own.dialect) && own.dialect !== "sqlite" ? own.dialect : target.engine;
  return {
    ...target,
    engine: dialect,
    host: str(own.host) ?? target.host,
    port: own.port !== void 0 ? Number(own.port) : target.port,
    database: str(own.database) ?? target.database,
    user: str(own.username) ?? str(own.user) ?? target.user,
    password: ownPassword(app, own, env) ?? target.password,
    schema: str(own.schema) ?? target.schema,
    // A connection of its own leaves the main server's compose route behind.
    docker: own.host !== void 0 ? void 0 : target.docker
  };
}
function ownPassword(app, own, env) {
  const encrypted = typeof app.options.encryptedDbPassword === "string" ? app.options.encryptedDbPassword : app.options.encryptedDbPassword === true ? str(own.password) : void 0;
  if (encrypted === void 0)
    return str(own.password);
  if (!env.APP_SUPERVISOR_AES_SECRET_KEY) {
    throw new NbError(`sub-app ${app.name}: its database password is encrypted and APP_SUPERVISOR_AES_SECRET_KEY is not set`, "set APP_SUPERVISOR_AES_SECRET_KEY as the app has it");
  }
  return decryptSecret(encrypted, Buffer.from(env.APP_SUPERVISOR_AES_SECRET_KEY, "hex"));
}
function str(value) {
  return typeof value === "string" && value !== "" ? value : typeof value === "number" ? String(value) : void 0;
}

// dist/source/core/scan/take-inventory.js
async function takeInventory(install, options = {}) {
  const tools = options.tools ?? new ToolFinder();
  const offline = options.offline ?? false;
  const warnings = [...install.warnings];
  const naming = namingSettings(install.env);
  let main;
  let mainFailure;
  try {
    main = mainTarget(install);
  } catch (error) {
    mainFailure = { status: "unsupported", reason: errorLine(error), hint: errorHint(error) };
  }
  const [storage, mainProbe] = await Promise.all([storageItems(install.storagePath), main ? probeTarget(main, tools, offline) : void 0]);
  const mainItem = toItem({ id: "main", group: "main", label: "main database", engine: main?.engine ?? install.env.DB_DIALECT ?? "unknown", target: main, failure: mainFailure }, mainProbe);
  let records;
  const pending = [];
  const canRead = main && !offline && (!mainProbe?.verdict || mainProbe.verdict.status === "missing-tool");
  if (main && canRead) {
    try {
      const key = await loadAppKey(install.env, install.path, install.storagePath);
      const read = async (client) => {
        records = await readAppRecords(client, naming, main.engine === "sqlite" ? void 0 : main.schema);
        const variables = new EnvVariables(client, naming, key, main.engine === "sqlite" ? void 0 : main.schema);
        pending.push(...await externalItems(records, install, (v) => variables.resolve(v)));
      };
      await using(engineModule(main.engine).connect(main, { tools }), read);
      pending.push(...subAppItems(records, main, install));
    } catch (error) {
      warnings.push(`could not read the app's records from the main database: ${errorLine(error)}`);
    }
  } else if (main && offline) {
    warnings.push("offline: external data sources and sub-apps are listed only when the main database is read");
  }
  const limit = pLimit(4);
  const probed = await Promise.all(pending.map((p) => limit(async () => toItem(p, p.target && !p.failure ? await probeTarget(p.target, tools, offline) : void 0))));
  const schemaApps = probed.filter((i) => i.group === "subapp" && i.target && sameDatabase(i.target, main) && i.target.engine !== "sqlite" && i.target.schema);
  const mainWithExclusions = schemaApps.length ? { ...mainItem, excludeSchemas: schemaApps.map((i) => i.target.schema) } : mainItem;
  return {
    install,
    nocobaseVersion: install.codeVersion ?? records?.dbVersion,
    items: [mainWithExclusions, ...probed.filter((i) => i.group === "external"), ...probed.filter((i) => i.group === "subapp"), ...storage],
    records,
    warnings
  };
}
async function externalItems(records, install, resolve) {
  const out = [];
  for (const ds of records.dataSources ?? []) {
    if (ds.key === "main" || ds.type === "main")
      continue;
    const base = { id: `external:${ds.key}`, group: "external", label: ds.displayName || ds.key, engine: ds.type, disabled: !ds.enabled };
    if (!isDumpableType(ds.type)) {
      out.push({ ...base, failure: { status: "unsupported", reason: notDumpableReason(ds.type) } });
      continue;
    }
    try {
      out.push({ ...base, target: routeThroughCompose(install, await dataSourceTarget(ds, resolve)) });
    } catch (error) {
      out.push({ ...base, failure: { status: "unsupported", reason: errorLine(error), hint: errorHint(error) } });
    }
  }
  return out;
}
var SUBAPP_NAME = /^[A-Za-z0-9_][A-Za-z0-9_-]*$/;
function subAppItems(records, main, install) {
  return (records?.applications ?? []).map((app) => {
    const base = { id: `subapp:${app.name}`, group: "subapp", label: app.displayName || app.name, engine: main.engine };
    if (!SUBAPP_NAME.test(app.name)) {
      return { ...base, failure: { status: "unsupported", reason: `sub-app name ${JSON.stringify(app.name)} is not one NocoBase accepts, so it is not used`, hint: "the applications table was changed outside NocoBase: check it" } };
    }
    try {
      const target = subAppTarget(main, app, install.env);
      return { ...base, engine: target.engine, target };
    } catch (error) {
      return { ...base, failure: { status: "unsupported", reason: errorLine(error), hint: errorHint(error) } };
    }
  });
}
function toItem(p, probe) {
  const verdict = p.failure ?? probe?.verdict;
  const ok = !verdict;
  return {
    id: p.id,
    group: p.group,
    kind: "database",
    label: p.label,
    engine: p.engine,
    target: p.target,
    status: verdict?.status ?? "ok",
    reason: verdict?.reason,
    hint: verdict?.hint,
    sizeBytes: probe?.sizeBytes,
    serverVersion: probe?.serverVersion,
    selected: ok && !p.disabled,
    note: ok && p.disabled ? "disabled in NocoBase" : void 0
  };
}
async function probeTarget(target, tools, offline) {
  try {
    return await engineModule(target.engine).probe(target, { tools, offline });
  } catch (error) {
    return { verdict: { status: "unsupported", reason: errorLine(error), hint: errorHint(error) } };
  }
}
function sameDatabase(a, b) {
  if (!b || a.engine === "sqlite" || b.engine === "sqlite")
    return false;
  return a.host === b.host && a.port === b.port && a.database === b.database;
}

export {
  pLimit,
  MUST_MATCH,
  RECORDED_SETTINGS,
  appKeyFiles,
  takeInventory
};
