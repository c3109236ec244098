// zlib, for reading .gz data files (gzread also reads uncompressed files transparently).
#include <zlib.h>
