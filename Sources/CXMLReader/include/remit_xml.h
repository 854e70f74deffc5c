#ifndef REMIT_XML_H
#define REMIT_XML_H

/// A narrow, hardened streaming XML reader over libxml2's xmlTextReader.
/// Swift never includes libxml2's headers (they clash with Foundation's ICU on Debian);
/// it sees only this opaque API.

typedef struct remit_xml_reader remit_xml_reader;

enum {
    REMIT_XML_ERROR = -1,
    REMIT_XML_EOF = 0,
    REMIT_XML_START = 1,   /* element start; attributes are available */
    REMIT_XML_END = 2,     /* element end (also sent right after START for <empty/>) */
    REMIT_XML_TEXT = 3,    /* text or CDATA content */
};

typedef struct remit_xml_limits {
    int max_depth;          /* deepest element nesting allowed */
    long max_text_bytes;    /* longest text node or attribute value */
    int max_attributes;     /* most attributes on one element */
} remit_xml_limits;

/// Opens a file for streaming. Returns NULL only when memory is exhausted; an unreadable
/// file is reported by the first call to remit_xml_next.
remit_xml_reader *remit_xml_open_file(const char *path, remit_xml_limits limits);
void remit_xml_close(remit_xml_reader *reader);

/// Advances to the next event (REMIT_XML_*).
int remit_xml_next(remit_xml_reader *reader);

/// Element local name and namespace URI ("" when none) for START and END events.
const char *remit_xml_local_name(const remit_xml_reader *reader);
const char *remit_xml_namespace(const remit_xml_reader *reader);
int remit_xml_depth(const remit_xml_reader *reader);

/// Attributes of the current START element (namespace declarations excluded).
int remit_xml_attribute_count(const remit_xml_reader *reader);
const char *remit_xml_attribute_name(const remit_xml_reader *reader, int index);
const char *remit_xml_attribute_value(const remit_xml_reader *reader, int index);

/// Text of the current TEXT event.
const char *remit_xml_text(const remit_xml_reader *reader);
long remit_xml_text_length(const remit_xml_reader *reader);

/// Position of the current event (1-based; 0 when unknown).
int remit_xml_line(const remit_xml_reader *reader);
int remit_xml_column(const remit_xml_reader *reader);

/// The first error: message, line and column. Valid after REMIT_XML_ERROR.
const char *remit_xml_error_message(const remit_xml_reader *reader);
int remit_xml_error_line(const remit_xml_reader *reader);
int remit_xml_error_column(const remit_xml_reader *reader);

/// libxml2's version string, for diagnostics.
const char *remit_xml_library_version(void);

#endif
