#ifndef REMIT_XML_GUARD_H
#define REMIT_XML_GUARD_H

/* Shared by the reader (remit_xml.c) and the record reader (remit_xml_records.c): the
   one-time library set-up and the prolog guard that refuses any DOCTYPE before libxml2
   sees it. Internal to CXMLReader. */

/* xmlInitParser and a deny-all external entity loader, once per process. */
void remit_xml_library_init(void);

enum remit_prolog_state { PROLOG_SCAN, PROLOG_LT, PROLOG_BANG, PROLOG_PI, PROLOG_COMMENT, PROLOG_DONE };

typedef struct remit_prolog_guard {
    enum remit_prolog_state state;
    int dashes;
    int question;
    char bang[9];
    int bang_len;
    int lines_read;
} remit_prolog_guard;

#define REMIT_DOCTYPE_REFUSED "DOCTYPE and entity declarations are not allowed (remit's inputs never need them)"

/* A namespace name is copied into every name of its vocabulary (`{uri}local`), for each
   attribute and element of each record: a long one declared once would multiply. Real ones
   are a few dozen bytes. */
enum { REMIT_MAX_NAMESPACE_BYTES = 1024 };
#define REMIT_NAMESPACE_TOO_LONG "a namespace name longer than 1024 bytes"

/* Scans bytes of the prolog; returns the 1-based line of a DOCTYPE (refuse the file), or 0. */
int remit_prolog_guard_scan(remit_prolog_guard *guard, const char *buf, long len);

#endif
