import { DatabaseEngine } from './database-engine';

/**
 * PostgreSQL's reserved key words (`RESERVED_KEYWORD` in its `src/include/parser/kwlist.h`, plus
 * `system_user` from PostgreSQL 16): the ones that cannot name a role. Unreserved, column-name and
 * type/function-name key words can.
 */
const POSTGRES_RESERVED = [
  'all', 'analyse', 'analyze', 'and', 'any', 'array', 'as', 'asc', 'asymmetric', 'both', 'case', 'cast', 'check',
  'collate', 'column', 'constraint', 'create', 'current_catalog', 'current_date', 'current_role', 'current_time',
  'current_timestamp', 'current_user', 'default', 'deferrable', 'desc', 'distinct', 'do', 'else', 'end', 'except',
  'false', 'fetch', 'for', 'foreign', 'from', 'grant', 'group', 'having', 'in', 'initially', 'intersect', 'into',
  'lateral', 'leading', 'limit', 'localtime', 'localtimestamp', 'not', 'null', 'offset', 'on', 'only', 'or', 'order',
  'placing', 'primary', 'references', 'returning', 'select', 'session_user', 'some', 'symmetric', 'system_user',
  'table', 'then', 'to', 'trailing', 'true', 'union', 'unique', 'user', 'using', 'variadic', 'when', 'where',
  'window', 'with',
];

/** MySQL 8 reserved words (marked (R) in the reference manual's "Keywords and Reserved Words") that fit a master user name. */
const MYSQL_RESERVED = [
  'accessible', 'add', 'all', 'alter', 'analyze', 'and', 'as', 'asc', 'asensitive', 'before', 'between', 'bigint',
  'binary', 'blob', 'both', 'by', 'call', 'cascade', 'case', 'change', 'char', 'character', 'check', 'collate',
  'column', 'condition', 'constraint', 'continue', 'convert', 'create', 'cross', 'cube', 'cume_dist', 'current_date',
  'current_time', 'current_user', 'cursor', 'database', 'databases', 'day_hour', 'day_minute', 'day_second', 'dec',
  'decimal', 'declare', 'default', 'delayed', 'delete', 'dense_rank', 'desc', 'describe', 'deterministic', 'distinct',
  'distinctrow', 'div', 'double', 'drop', 'dual', 'each', 'else', 'elseif', 'empty', 'enclosed', 'escaped', 'except',
  'exists', 'exit', 'explain', 'false', 'fetch', 'first_value', 'float', 'float4', 'float8', 'for', 'force', 'foreign',
  'from', 'fulltext', 'function', 'generated', 'get', 'grant', 'group', 'grouping', 'groups', 'having',
  'high_priority', 'hour_minute', 'hour_second', 'if', 'ignore', 'in', 'index', 'infile', 'inner', 'inout',
  'insensitive', 'insert', 'int', 'int1', 'int2', 'int3', 'int4', 'int8', 'integer', 'intersect', 'interval', 'into',
  'is', 'iterate', 'join', 'json_table', 'key', 'keys', 'kill', 'lag', 'last_value', 'lateral', 'lead', 'leading',
  'leave', 'left', 'like', 'limit', 'linear', 'lines', 'load', 'localtime', 'lock', 'long', 'longblob', 'longtext',
  'loop', 'low_priority', 'match', 'maxvalue', 'mediumblob', 'mediumint', 'mediumtext', 'middleint', 'mod', 'modifies',
  'natural', 'not', 'nth_value', 'ntile', 'null', 'numeric', 'of', 'on', 'optimize', 'option', 'optionally', 'or',
  'order', 'out', 'outer', 'outfile', 'over', 'partition', 'percent_rank', 'precision', 'primary', 'procedure', 'purge',
  'range', 'rank', 'read', 'reads', 'read_write', 'real', 'recursive', 'references', 'regexp', 'release', 'rename',
  'repeat', 'replace', 'require', 'resignal', 'restrict', 'return', 'revoke', 'right', 'rlike', 'row', 'rows',
  'row_number', 'schema', 'schemas', 'select', 'sensitive', 'separator', 'set', 'show', 'signal', 'smallint',
  'spatial', 'specific', 'sql', 'sqlexception', 'sqlstate', 'sqlwarning', 'ssl', 'starting', 'stored', 'straight_join',
  'system', 'table', 'terminated', 'then', 'tinyblob', 'tinyint', 'tinytext', 'to', 'trailing', 'trigger', 'true',
  'undo', 'union', 'unique', 'unlock', 'unsigned', 'update', 'usage', 'use', 'using', 'utc_date', 'utc_time', 'values',
  'varbinary', 'varchar', 'varcharacter', 'varying', 'virtual', 'when', 'where', 'while', 'window', 'with', 'write',
  'xor', 'year_month', 'zerofill',
];

/** Accounts RDS creates on every instance for itself. */
const RDS_ACCOUNTS = ['rdsadmin', 'rdsrepladmin'];

/**
 * What RDS allows as the master user name of `engine`, in words, or undefined when `username` is
 * allowed: 1 to 16 letters, digits or underscores starting with a letter (CreateDBInstance), not a
 * reserved word of the engine, not an account RDS keeps for itself; for PostgreSQL not starting with
 * `pg_`. (CreateDBCluster documents letters and digits only for Aurora; underscores are not refused
 * here, so that a stack already deployed with one keeps synthesizing.)
 * @internal
 */
export function masterUsernameProblem(engine: DatabaseEngine, username: string): string | undefined {
  const shapeText = 'a letter then up to 15 letters, digits or underscores';
  if (typeof username !== 'string' || !/^[A-Za-z][A-Za-z0-9_]{0,15}$/.test(username)) return shapeText;
  const name = username.toLowerCase();
  const mysql = engine === DatabaseEngine.MYSQL;
  if (RDS_ACCOUNTS.includes(name)) return `${shapeText}, other than ${RDS_ACCOUNTS.join(' and ')} (accounts RDS keeps for itself)`;
  if (isReservedWord(engine, name)) return `${shapeText}, not a ${mysql ? 'MySQL' : 'PostgreSQL'} reserved word`;
  if (!mysql && name.startsWith('pg_')) return `${shapeText}, not starting with pg_ (PostgreSQL reserves those role names)`;
  return undefined;
}

/**
 * Whether `name` is a reserved word of the engine, which RDS refuses as a master user name and as the
 * name of the database it creates (CreateDBInstance `DBName`, CreateDBCluster `DatabaseName`).
 * @internal
 */
export function isReservedWord(engine: DatabaseEngine, name: string): boolean {
  return (engine === DatabaseEngine.MYSQL ? MYSQL_RESERVED : POSTGRES_RESERVED).includes(name.toLowerCase());
}
