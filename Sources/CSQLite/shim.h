#include <sqlite3.h>

// sqlite3_config and sqlite3_db_config are variadic and cannot be called from Swift.
static inline int gisement_sqlite3_db_defensive(sqlite3 *db) {
    return sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)0);
}

// Leave the WAL in place when the last connection closes: a short-lived command process then
// pays one fsync (its commit) instead of a full checkpoint at every exit.
static inline int gisement_sqlite3_db_no_checkpoint_on_close(sqlite3 *db) {
    return sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)0);
}
