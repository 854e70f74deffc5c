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

#include <libxml/parser.h>

/* Both readers' SAX2 handler: elements, text (characters, white space and CDATA alike),
   comments and processing instructions (which end a text node), libxml2's errors, and a
   DOCTYPE refused by `doctype` should one get past the prolog guard. Nothing else: no
   entity is ever looked up or declared. */
typedef struct remit_sax_callbacks {
    startElementNsSAX2Func start;
    endElementNsSAX2Func end;
    charactersSAXFunc text;
    commentSAXFunc comment;
    processingInstructionSAXFunc pi;
    internalSubsetSAXFunc doctype;
    xmlStructuredErrorFunc error;
} remit_sax_callbacks;

void remit_sax_handler(xmlSAXHandler *sax, remit_sax_callbacks callbacks);

/* Both readers' parser options: no network, no entity substitution, no DTD loading or
   defaulting, no XInclude, no recovery, default (not huge) limits; CDATA as text. */
enum { REMIT_XML_PARSE_OPTIONS = XML_PARSE_NONET | XML_PARSE_NOCDATA };

/* An attribute value as libxml2's tree has it: SAX2 hands values over with `&` kept as
   "&#38;" (the tree builder resolves it later) when entities are not substituted. Writes the
   value with every character and predefined reference resolved to `out`, which must hold
   `end - value` bytes (a reference never resolves longer than it is written); returns the
   length written. */
size_t remit_resolve_references(const char *value, const char *end, char *out);

/* XML's white space (space, tab, LF, CR): text of nothing else between elements is layout. */
static inline int remit_xml_is_blank(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* The index of the first byte of a piece of text that is not XML white space (`length` when
   there is none), and in `line` the line it stands on. libxml2 hands a text node over in
   pieces, cut where its input buffer or a CR LF happens to end, and has counted a piece's
   line feeds by then (`line_is_after`: the parser's `line` is after the piece; the line is
   that less the line feeds after the byte), except a CDATA section's content in push mode
   (`line` is before the piece; the line is that plus the line feeds before the byte). So
   both readers, whose buffers end in different places, give a text the same line. libxml2
   counts line feeds only: a lone CR, which text carries as a line feed, can put the line too
   early (never before line 1). */
int remit_first_non_blank(const unsigned char *text, int length, int line, int line_is_after, int *found);

#endif
