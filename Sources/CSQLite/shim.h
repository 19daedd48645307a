#include <sqlite3.h>

// sqlite3_config and sqlite3_db_config are variadic and cannot be called from Swift.
static inline int gisement_sqlite3_db_defensive(sqlite3 *db) {
    return sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)0);
}
