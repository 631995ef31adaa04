// The test bed's PostgreSQL is the same throw-away server the demo install uses.
export { pgAdmin, pgBinDir, startPostgres, stopPostgres, type PgServerInfo } from '../../source/core/demo/throwaway-postgres.js';
