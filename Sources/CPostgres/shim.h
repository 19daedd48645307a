// libpq, PostgreSQL's client library (Debian: libpq-dev). Its headers live in a folder of their own.
#include <postgresql/libpq-fe.h>
