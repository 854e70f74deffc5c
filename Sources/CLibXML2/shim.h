#include <libxml/xmlreader.h>
#include <libxml/parserInternals.h>
