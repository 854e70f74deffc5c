#ifndef REMIT_XML_H
#define REMIT_XML_H

#include <stddef.h>

/// A narrow, hardened streaming XML reader: libxml2's push parser (SAX2) behind a pull API.
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

/// Names, in both readers: the root element and every element in no namespace or the root's
/// go by their local name; an element in another namespace, and an attribute in any
/// namespace, go by `{uri}local` (James Clark's notation), so that `<ext:category>` or
/// `ext:customer="…"` from another vocabulary is never taken for the document's own
/// `<category>` or `customer`.

/// Element name (see above) and namespace URI ("" when none) for START and END events.
const char *remit_xml_name(const remit_xml_reader *reader);
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

/// ---- Records: <root><record …><child>text</child>…</record>…</root> through SAX2 ----

/// One attribute of a record element, or one child element's text (as libxml2 delivers
/// them: attribute values normalized and with references resolved, text with entities
/// replaced). Pointers are valid during the callback only.
typedef struct remit_xml_field {
    const char *name;       /* local name, or `{uri}local` (see above) */
    long name_length;
    const char *value;
    long value_length;
    int line;               /* the record's line for attributes, the child's for children */
    int is_child;
    int holds_elements;     /* a child element with elements inside: not text alone */
} remit_xml_field;

typedef struct remit_xml_record {
    int line;               /* where the record's start tag ends, as libxml2 counts */
    int field_count;
    const remit_xml_field *fields;
    /* NULL for a record. Another element where records stand (directly under the root) is
       handed over too, with no fields: its name here (see above for names; its first 1024
       bytes, cut where a character starts), so that the receiver can refuse it or count it
       instead of it vanishing. */
    const char *element;
    long element_length;
    /* Text of more than white space where records or a record's fields stand. Text directly
       under the root is handed over in place of a record (REMIT_XML_TEXT_BETWEEN_RECORDS, at
       the line of its first byte that is not white space); text directly inside a record,
       outside its fields, marks the record (REMIT_XML_TEXT_IN_RECORD; its first such text).
       Then `element` holds the text's first REMIT_XML_TEXT_EXCERPT_BYTES bytes from its first
       non-blank one (a cut may split a character), and `text_more` is set when more than
       white space follows them. */
    int text_kind;
    int text_more;
} remit_xml_record;

enum {
    REMIT_XML_TEXT_BETWEEN_RECORDS = 1,
    REMIT_XML_TEXT_IN_RECORD = 2,
    REMIT_XML_TEXT_EXCERPT_BYTES = 160,
};

/// Called once per record; return non-zero to stop reading.
typedef int (*remit_xml_record_callback)(void *context, const remit_xml_record *record);

typedef struct remit_xml_outcome {
    int status;             /* 0: read to the end; REMIT_XML_ERROR: see message; 1: wrong root; 2: no root */
    char message[512];
    int line;
    int column;
    char root[256];         /* status 1: the root element found, and its namespace */
    char root_namespace[256];
} remit_xml_outcome;

/// Streams a file of records through libxml2's SAX2 parser with the reader's hardening
/// (DOCTYPE refused before parsing, no DTD, no entities, no network, deny-all entity
/// loader, depth, text, attribute-size and attribute-count limits, first error's position).
/// Records are elements named `record`, in no namespace or the root's, directly under the
/// root element, which must be named `root` in no namespace or `root_namespace`; any other
/// element there is handed over in its place, as a record with `element` set.
void remit_xml_read_records(const char *path, remit_xml_limits limits, const char *root, const char *root_namespace,
                            const char *record, remit_xml_record_callback callback, void *context,
                            remit_xml_outcome *outcome);

/// Records handed over many at a time: the receiver owns the buffers (free them with
/// `remit_xml_batch_free`, or hand them back as a spare) and may read them on another
/// thread. `fields` of each record point into the batch's `fields`, names and values into its
/// `arena`; the capacities are the buffers' sizes, in elements and bytes.
typedef struct remit_xml_batch {
    remit_xml_record *records;
    int record_count;
    int record_capacity;
    remit_xml_field *fields;
    int field_capacity;
    char *arena;
    size_t arena_capacity;
} remit_xml_batch;

/// Called once per batch (the batch's buffers now belong to the callee); return non-zero
/// to stop reading. The callee may put into `spare` the buffers of a batch it is done with:
/// the reader fills them next instead of new ones (a batch's buffers are megabytes, and
/// fresh ones were grown by doubling and faulted in page by page, every batch).
typedef int (*remit_xml_batch_callback)(void *context, remit_xml_batch batch, remit_xml_batch *spare);

/// Frees a batch's buffers.
void remit_xml_batch_free(remit_xml_batch batch);

/// `remit_xml_read_records`, handing over the records `batch_records` at a time, or fewer
/// once their texts reach 8 MiB (and the last batch), with the same hardening and outcome.
void remit_xml_read_record_batches(const char *path, remit_xml_limits limits, const char *root, const char *root_namespace,
                                   const char *record, int batch_records, remit_xml_batch_callback callback, void *context,
                                   remit_xml_outcome *outcome);

/// libxml2's version string, for diagnostics.
const char *remit_xml_library_version(void);

#endif
