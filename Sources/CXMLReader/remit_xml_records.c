#include "remit_xml.h"
#include "remit_xml_guard.h"
#include "remit_xml_head.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

/* A record file read through SAX2: no tree, no per-node allocation. Attribute values and
   child texts are copied into one arena per batch of records and handed over in one
   callback per record, or (batch mode) per batch, whose buffers the receiver then owns. */

typedef struct field_slot {
    size_t name_offset;
    long name_length;
    size_t value_offset;
    long value_length;
    int line;
    int is_child;
    int holds_elements;
} field_slot;

typedef struct pending_record {
    int line;
    int first_slot;
    int slot_count;
    long element_offset;  /* another element where records stand: its name in the arena; else -1 */
    long element_length;
    int text_kind;
    int text_more;
} pending_record;

typedef struct records_state {
    xmlParserCtxtPtr ctxt;
    int fd;
    remit_prolog_guard guard;
    remit_xml_limits limits;
    const char *root;
    const char *root_namespace;
    const char *record;
    remit_xml_record_callback callback;
    remit_xml_batch_callback batch_callback;
    int batch_records;
    void *context;
    remit_xml_outcome *outcome;
    int depth;            /* of the innermost open element; the root is 1 */
    int seen_root;
    int root_in_namespace; /* the root is in `root_namespace`, not in none */
    int in_record;
    int child_open;       /* a depth-3 child of the record is open */
    long text_run;        /* length of the current text node, for the size limit */
    int text_line;        /* of the current text node's first byte that is not white space */
    long excerpt_offset;  /* the current text node's first bytes from its first non-blank one, in the arena; or -1 */
    long excerpt_length;
    int excerpt_more;     /* non-blank text follows the excerpt */
    long record_text_offset; /* the open record's first text outside its fields (an excerpt), or -1 */
    long record_text_length;
    int record_text_more;
    int record_line;
    int event_line;       /* libxml2's line after the last event: where an element's start tag begins (see `tag_line`) */
    char *arena;
    size_t arena_length;
    size_t arena_capacity;
    field_slot *slots;
    int slot_count;
    int slot_capacity;
    remit_xml_field *fields;
    int field_capacity;
    int record_first_slot;   /* the open record's first slot */
    remit_xml_record *spare_records; /* a batch's record list handed back, to fill next */
    int spare_record_capacity;
    pending_record *pending; /* records complete since the last flush */
    int pending_count;
    int pending_capacity;
    long long bytes_read;    /* handed to libxml2 so far */
    char *ahead;             /* the file read ahead in large reads: libxml2 asks for 4 kB at a time */
    size_t ahead_length;
    size_t ahead_position;
    int ahead_ended;
    long long nul_offset;    /* of the first NUL byte in the file, or -1 */
} records_state;

static int current_line(records_state *s) {
    return (s->ctxt && s->ctxt->input) ? s->ctxt->input->line : 0;
}

/* The line where the start tag being reported begins (its `<`), called first in `on_start`.
   libxml2 reports an element once its start tag is parsed, at the line where the tag ends; a
   tag written over several lines would be placed at its last one. Inside the root every byte
   before a tag belongs to an event (text, white space included, comments, processing
   instructions, tags), each reported where it ends, so the tag begins at the line where the
   last event ended. The root itself can follow the prolog's white space, which no event
   reports: it keeps libxml2's line. */
static int tag_line(records_state *s) {
    int line = s->depth == 0 ? current_line(s) : s->event_line;
    s->event_line = current_line(s);
    return line;
}

/* The first error wins. Parsing stops: libxml2 disables SAX after its own errors, and
   `fail` (called from SAX callbacks only, where that is safe) stops it for ours. */
static void fail_at(records_state *s, const char *message, int line, int column) {
    if (s->outcome->status != 0) return;
    s->outcome->status = REMIT_XML_ERROR;
    snprintf(s->outcome->message, sizeof s->outcome->message, "%s", message);
    size_t n = strlen(s->outcome->message);
    while (n > 0 && (s->outcome->message[n - 1] == '\n' || s->outcome->message[n - 1] == ' ')) s->outcome->message[--n] = 0;
    s->outcome->line = line;
    s->outcome->column = column;
}

static void fail(records_state *s, const char *message) {
    fail_at(s, message, current_line(s), 0);
    xmlStopParser(s->ctxt);
}

static void on_error(void *ctx, xmlErrorPtr err) {
    records_state *s = ctx;
    if (err == NULL || err->level < XML_ERR_ERROR) return;
    fail_at(s, err->message ? err->message : "XML error", err->line, err->int2);
}

static int append(records_state *s, const char *bytes, size_t length) {
    if (s->arena_length + length > s->arena_capacity) {
        size_t capacity = s->arena_capacity ? s->arena_capacity : 4096;
        while (capacity < s->arena_length + length) capacity *= 2;
        char *grown = realloc(s->arena, capacity);
        if (grown == NULL) return -1;
        s->arena = grown;
        s->arena_capacity = capacity;
    }
    memcpy(s->arena + s->arena_length, bytes, length);
    s->arena_length += length;
    return 0;
}

static field_slot *new_slot(records_state *s) {
    if (s->slot_count == s->slot_capacity) {
        int capacity = s->slot_capacity ? s->slot_capacity * 2 : 32;
        field_slot *grown = realloc(s->slots, sizeof(field_slot) * (size_t)capacity);
        if (grown == NULL) return NULL;
        s->slots = grown;
        s->slot_capacity = capacity;
    }
    return &s->slots[s->slot_count++];
}

/* An attribute value as the tree has it (see `remit_resolve_references`), resolved in place
   in the arena. */
static int append_attribute_value(records_state *s, const char *value, const char *end) {
    size_t length = (size_t)(end - value);
    if (memchr(value, '&', length) == NULL) return append(s, value, length);
    size_t start = s->arena_length;
    if (append(s, value, length) != 0) return -1;
    s->arena_length = start + remit_resolve_references(value, end, s->arena + start);
    return 0;
}

/* Whether an element is the document's own vocabulary: in no namespace, or in the root's
   (`<r:flows xmlns:r="urn:remit:flows:1"><flow …>` reads as `<flows><flow …>`). */
static int is_home(const records_state *s, const xmlChar *uri) {
    if (uri == NULL || uri[0] == 0) return 1;
    return s->root_in_namespace && strcmp((const char *)uri, s->root_namespace) == 0;
}

/* A name into the arena: the local name, or `{uri}local` for an element of another
   namespace or an attribute in any namespace (`uri` non-NULL), so that `ext:customer` or
   `<ext:category>` is never taken for the document's own `customer` or `<category>`. */
static int append_qualified(records_state *s, const char *local, const char *uri) {
    if (uri != NULL && (append(s, "{", 1) != 0 || append(s, uri, strlen(uri)) != 0 || append(s, "}", 1) != 0)) return -1;
    return append(s, local, strlen(local));
}

static int append_name(records_state *s, field_slot *slot, const char *local, const char *uri) {
    slot->name_offset = s->arena_length;
    if (append_qualified(s, local, uri) != 0) return -1;
    slot->name_length = (long)(s->arena_length - slot->name_offset);
    return 0;
}

static void deliver(records_state *s, long element_offset, long element_length, int text_kind, int text_more);

/* A text node ends at a tag, a comment or a processing instruction, as in the reader's tree.
   One with more than white space where records stand is handed over in place of a record;
   one inside a record, outside its fields, marks the record (its first one is kept). */
static void end_text(records_state *s) {
    if (s->excerpt_offset >= 0) {
        if (s->depth == 1) {
            s->record_line = s->text_line;
            s->record_first_slot = s->slot_count;
            deliver(s, s->excerpt_offset, s->excerpt_length, REMIT_XML_TEXT_BETWEEN_RECORDS, s->excerpt_more);
        } else if (s->record_text_offset < 0) {
            s->record_text_offset = s->excerpt_offset;
            s->record_text_length = s->excerpt_length;
            s->record_text_more = s->excerpt_more;
        }
        s->excerpt_offset = -1;
        s->excerpt_more = 0;
    }
    s->text_run = 0;
}

enum { STRAY_NAME_BYTES = 1024 };

/* A batch is handed over at `batch_records` records or once its texts reach this many bytes,
   whichever comes first: names of another vocabulary are `{uri}local` copies, up to a
   kilobyte each for a few bytes of input (`x:a="1"`), so a batch is bounded by bytes too. A
   bench record is a few hundred bytes: 4,096 of them stay well under it. */
enum { BATCH_ARENA_BYTES = 8 << 20 };

static void on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri, int nb_namespaces,
                     const xmlChar **namespaces, int nb_attributes, int nb_defaulted, const xmlChar **attributes) {
    (void)prefix; (void)nb_defaulted;
    records_state *s = ctx;
    int line = tag_line(s);
    end_text(s);
    s->depth++;
    if (s->depth > s->limits.max_depth) { fail(s, "elements nested deeper than the limit"); return; }
    if (nb_attributes > s->limits.max_attributes) { fail(s, "too many attributes on one element"); return; }
    for (int i = 0; i < nb_namespaces; i++) {
        const xmlChar *declared = namespaces[i * 2 + 1];
        if (declared != NULL && strlen((const char *)declared) > REMIT_MAX_NAMESPACE_BYTES) { fail(s, REMIT_NAMESPACE_TOO_LONG); return; }
    }
    for (int i = 0; i < nb_attributes; i++) {
        if ((long)(attributes[i * 5 + 4] - attributes[i * 5 + 3]) > s->limits.max_text_bytes) {
            fail(s, "attribute value exceeds the size limit");
            return;
        }
    }
    const char *name = (const char *)localname;
    if (s->depth == 1) {
        s->seen_root = 1;
        const char *ns = uri ? (const char *)uri : "";
        if (strcmp(name, s->root) != 0 || (ns[0] != 0 && strcmp(ns, s->root_namespace) != 0)) {
            s->outcome->status = 1;
            snprintf(s->outcome->root, sizeof s->outcome->root, "%s", name);
            snprintf(s->outcome->root_namespace, sizeof s->outcome->root_namespace, "%s", ns);
            s->outcome->line = current_line(s);
            xmlStopParser(s->ctxt);
        }
        s->root_in_namespace = ns[0] != 0;
        return;
    }
    if (s->depth == 2) {
        s->in_record = is_home(s, uri) && strcmp(name, s->record) == 0;
        s->record_line = line;
        s->record_first_slot = s->slot_count;
        s->record_text_offset = -1;
        if (!s->in_record) {
            /* Not a record: handed over by name, with no fields, so that the receiver reports
               it instead of it vanishing (a misspelt `<flw>` would be a flow nobody sees). The
               name is kept to its first STRAY_NAME_BYTES bytes, cut where a character starts:
               thousands of strays with a long namespace must not each copy it whole. */
            size_t offset = s->arena_length;
            if (append_qualified(s, name, is_home(s, uri) ? NULL : (const char *)uri) != 0) { fail(s, "out of memory"); return; }
            size_t length = s->arena_length - offset;
            if (length > STRAY_NAME_BYTES) {
                length = STRAY_NAME_BYTES;
                while (length > 0 && ((unsigned char)s->arena[offset + length] & 0xC0) == 0x80) length--;
                s->arena_length = offset + length;
            }
            deliver(s, (long)offset, (long)length, 0, 0);
            return;
        }
        for (int i = 0; i < nb_attributes; i++) {
            const xmlChar **a = attributes + i * 5;
            field_slot *slot = new_slot(s);
            if (slot == NULL) { fail(s, "out of memory"); return; }
            slot->line = s->record_line;
            slot->is_child = 0;
            slot->holds_elements = 0;
            const char *uri = (a[2] != NULL && a[2][0] != 0) ? (const char *)a[2] : NULL;
            if (append_name(s, slot, (const char *)a[0], uri) != 0) { fail(s, "out of memory"); return; }
            slot->value_offset = s->arena_length;
            if (append_attribute_value(s, (const char *)a[3], (const char *)a[4]) != 0) { fail(s, "out of memory"); return; }
            slot->value_length = (long)(s->arena_length - slot->value_offset);
        }
        return;
    }
    if (s->depth == 3 && s->in_record) {
        field_slot *slot = new_slot(s);
        if (slot == NULL) { fail(s, "out of memory"); return; }
        slot->line = line;
        slot->is_child = 1;
        slot->holds_elements = 0;
        const char *foreign = is_home(s, uri) ? NULL : (const char *)uri;
        if (append_name(s, slot, name, foreign) != 0) { fail(s, "out of memory"); return; }
        slot->value_offset = s->arena_length;
        slot->value_length = 0;
        s->child_open = 1;
        return;
    }
    /* An element inside a record's child element: that child is not text alone. */
    if (s->depth == 4 && s->in_record && s->child_open) s->slots[s->slot_count - 1].holds_elements = 1;
}

static remit_xml_record record_of(const records_state *s, const pending_record *p) {
    const char *element = p->element_offset >= 0 ? s->arena + p->element_offset : NULL;
    return (remit_xml_record){ p->line, p->slot_count, s->fields + p->first_slot, element, p->element_length, p->text_kind, p->text_more };
}

/* Hands over the records complete so far: one callback each, or the whole batch. */
static void flush(records_state *s) {
    if (s->pending_count == 0) return;
    if (s->field_capacity < s->slot_count) {
        remit_xml_field *grown = realloc(s->fields, sizeof(remit_xml_field) * (size_t)s->slot_count);
        if (grown == NULL) { fail(s, "out of memory"); return; }
        s->fields = grown;
        s->field_capacity = s->slot_count;
    }
    for (int i = 0; i < s->slot_count; i++) {
        field_slot *slot = &s->slots[i];
        s->fields[i] = (remit_xml_field){ s->arena + slot->name_offset, slot->name_length, s->arena + slot->value_offset,
                                          slot->value_length, slot->line, slot->is_child, slot->holds_elements };
    }
    int stop = 0;
    if (s->batch_callback != NULL) {
        remit_xml_record *records = s->spare_records;
        int record_capacity = s->spare_record_capacity;
        s->spare_records = NULL;
        s->spare_record_capacity = 0;
        if (records == NULL || record_capacity < s->pending_count) {
            free(records);
            record_capacity = s->pending_count > s->batch_records ? s->pending_count : s->batch_records;
            records = malloc(sizeof(remit_xml_record) * (size_t)record_capacity);
            if (records == NULL) { fail(s, "out of memory"); return; }
        }
        for (int i = 0; i < s->pending_count; i++) {
            pending_record *p = &s->pending[i];
            records[i] = record_of(s, p);
        }
        remit_xml_batch batch = { records, s->pending_count, record_capacity, s->fields, s->field_capacity, s->arena,
                                  s->arena_capacity };
        /* The receiver owns these now; the next batch fills the spare it hands back, if any,
           else new buffers. */
        remit_xml_batch spare;
        memset(&spare, 0, sizeof spare);
        stop = s->batch_callback(s->context, batch, &spare);
        s->fields = spare.fields;
        s->field_capacity = spare.fields != NULL ? spare.field_capacity : 0;
        s->arena = spare.arena;
        s->arena_capacity = spare.arena != NULL ? spare.arena_capacity : 0;
        s->spare_records = spare.records;
        s->spare_record_capacity = spare.records != NULL ? spare.record_capacity : 0;
    } else {
        for (int i = 0; i < s->pending_count && !stop; i++) {
            pending_record *p = &s->pending[i];
            remit_xml_record record = record_of(s, p);
            stop = s->callback(s->context, &record);
        }
    }
    s->pending_count = 0;
    s->slot_count = 0;
    s->arena_length = 0;
    if (stop) xmlStopParser(s->ctxt);
}

static void deliver(records_state *s, long element_offset, long element_length, int text_kind, int text_more) {
    if (s->pending_count == s->pending_capacity) {
        int capacity = s->pending_capacity ? s->pending_capacity * 2 : 64;
        pending_record *grown = realloc(s->pending, sizeof(pending_record) * (size_t)capacity);
        if (grown == NULL) { fail(s, "out of memory"); return; }
        s->pending = grown;
        s->pending_capacity = capacity;
    }
    s->pending[s->pending_count++] = (pending_record){ s->record_line, s->record_first_slot, s->slot_count - s->record_first_slot,
                                                       element_offset, element_length, text_kind, text_more };
    if (s->pending_count >= s->batch_records || s->arena_length >= BATCH_ARENA_BYTES) flush(s);
}

static void on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri) {
    (void)localname; (void)prefix; (void)uri;
    records_state *s = ctx;
    s->event_line = current_line(s);
    end_text(s);
    if (s->depth == 3 && s->in_record && s->child_open) {
        field_slot *slot = &s->slots[s->slot_count - 1];
        slot->value_length = (long)(s->arena_length - slot->value_offset);
        s->child_open = 0;
    } else if (s->depth == 2 && s->in_record) {
        s->in_record = 0;
        if (s->record_text_offset >= 0) {
            deliver(s, s->record_text_offset, s->record_text_length, REMIT_XML_TEXT_IN_RECORD, s->record_text_more);
        } else {
            deliver(s, -1, 0, 0, 0);
        }
    }
    s->depth--;
}

static void on_text(void *ctx, const xmlChar *text, int length) {
    records_state *s = ctx;
    s->event_line = current_line(s);
    s->text_run += length;
    if (s->text_run > s->limits.max_text_bytes) { fail(s, "text node exceeds the size limit"); return; }
    if (s->depth == 3 && s->in_record && s->child_open) {
        if (append(s, (const char *)text, (size_t)length) != 0) fail(s, "out of memory");
        return;
    }
    /* Text where records or a record's fields stand is nobody's value: its start is kept
       (see `end_text`), so that the receiver can refuse it, and say which, instead of it
       vanishing. Only a record's first such text is kept. */
    int collecting = s->depth == 1 || (s->depth == 2 && s->in_record && s->record_text_offset < 0);
    if (!collecting || s->excerpt_more) return;
    int i = 0;
    if (s->excerpt_offset < 0) {
        i = remit_first_non_blank(text, length, current_line(s), 1, &s->text_line);
        if (i == length) return;
        s->excerpt_offset = (long)s->arena_length;
        s->excerpt_length = 0;
        s->excerpt_more = 0;
    }
    long take = length - i;
    if (take > REMIT_XML_TEXT_EXCERPT_BYTES - s->excerpt_length) take = REMIT_XML_TEXT_EXCERPT_BYTES - s->excerpt_length;
    if (take > 0) {
        if (append(s, (const char *)text + i, (size_t)take) != 0) { fail(s, "out of memory"); return; }
        s->excerpt_length += take;
        i += (int)take;
    }
    for (; i < length; i++) {
        if (!remit_xml_is_blank(text[i])) { s->excerpt_more = 1; break; }
    }
}

static void on_comment(void *ctx, const xmlChar *value) {
    (void)value;
    records_state *s = ctx;
    s->event_line = current_line(s);
    end_text(s);
}

/* A processing instruction is layout, as a comment is. */
static void on_pi(void *ctx, const xmlChar *target, const xmlChar *data) {
    (void)target; (void)data;
    on_comment(ctx, NULL);
}

static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *external_id, const xmlChar *system_id) {
    (void)name; (void)external_id; (void)system_id;
    fail(ctx, REMIT_DOCTYPE_REFUSED);
}

enum { READ_AHEAD = 1 << 20 };

/* Up to `len` bytes of the file into `buffer`, from reads of `READ_AHEAD` bytes: one system
   call for each 4 kB libxml2 asked for was a tenth of the parsing thread. Like `read`, it
   returns what one read brought when that is less (a pipe delivers as it is written); 0 at
   the end, -1 when reading fails. */
static ssize_t read_ahead(records_state *s, char *buffer, size_t len) {
    if (s->ahead == NULL) {
        s->ahead = malloc(READ_AHEAD);
        if (s->ahead == NULL) { errno = ENOMEM; return -1; }
    }
    size_t copied = 0;
    while (copied < len) {
        if (s->ahead_position == s->ahead_length) {
            if (s->ahead_ended || copied > 0) break;
            ssize_t n;
            do { n = read(s->fd, s->ahead, READ_AHEAD); } while (n < 0 && errno == EINTR);
            if (n < 0) return -1;
            if (n == 0) { s->ahead_ended = 1; break; }
            s->ahead_length = (size_t)n;
            s->ahead_position = 0;
        }
        size_t take = s->ahead_length - s->ahead_position;
        if (take > len - copied) take = len - copied;
        memcpy(buffer + copied, s->ahead + s->ahead_position, take);
        s->ahead_position += take;
        copied += take;
    }
    return (ssize_t)copied;
}

static int read_callback(void *ctx, char *buffer, int len) {
    records_state *s = ctx;
    if (s->nul_offset >= 0) return 0;
    if (s->fd < 0) return -1;
    ssize_t n = len > 0 ? read_ahead(s, buffer, (size_t)len) : 0;
    if (n < 0) {
        char message[256];
        snprintf(message, sizeof message, "read failed: %s", strerror(errno));
        fail_at(s, message, 0, 0);
        return -1;
    }
    /* libxml2's pull parser takes a NUL byte for the end of its input ("Premature end of
       data"), where the reader says what it is. The input ends at the first NUL here, and
       `nul_error` names it once parsing has stopped, unless an earlier error came first. */
    const char *nul = memchr(buffer, 0, (size_t)n);
    if (nul != NULL) {
        s->nul_offset = s->bytes_read + (nul - buffer);
        n = nul - buffer;
    }
    s->bytes_read += n;
    if (s->guard.state != PROLOG_DONE) {
        int line = remit_prolog_guard_scan(&s->guard, buffer, n);
        if (line > 0) { fail_at(s, REMIT_DOCTYPE_REFUSED, line, 0); return -1; }
    }
    return (int)n;
}

/* The line and column (in characters, as libxml2 counts them) of byte `offset` of `path`. */
static void position_of(const char *path, long long offset, int *line, int *column) {
    *line = 1;
    *column = 1;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    unsigned char block[65536];
    long long at = 0;
    while (at < offset) {
        size_t want = offset - at < (long long)sizeof block ? (size_t)(offset - at) : sizeof block;
        ssize_t got = pread(fd, block, want, at);
        if (got <= 0) break;
        for (ssize_t k = 0; k < got; k++) {
            if (block[k] == '\n') { *line += 1; *column = 1; }
            else if ((block[k] & 0xC0) != 0x80) *column += 1;
        }
        at += got;
    }
    close(fd);
}

static void nul_error(records_state *s, const char *path) {
    int line, column;
    position_of(path, s->nul_offset, &line, &column);
    remit_xml_outcome *o = s->outcome;
    int earlier = o->status == 1 || (o->status == REMIT_XML_ERROR && (o->line < line || (o->line == line && o->column < column)));
    if (earlier) return;
    memset(o, 0, sizeof *o);
    fail_at(s, "Char 0x0 out of allowed range", line, column);
}

static int close_callback(void *ctx) {
    records_state *s = ctx;
    if (s->fd >= 0) close(s->fd);
    s->fd = -1;
    return 0;
}

static void read_records(const char *path, remit_xml_limits limits, const char *root, const char *root_namespace,
                         const char *record, remit_xml_record_callback callback, int batch_records,
                         remit_xml_batch_callback batch_callback, void *context, remit_xml_outcome *outcome) {
    remit_xml_library_init();
    memset(outcome, 0, sizeof *outcome);
    records_state s;
    memset(&s, 0, sizeof s);
    s.limits = limits;
    s.root = root;
    s.root_namespace = root_namespace;
    s.record = record;
    s.callback = callback;
    s.batch_callback = batch_callback;
    s.batch_records = batch_records > 0 ? batch_records : 1;
    s.context = context;
    s.outcome = outcome;
    s.nul_offset = -1;
    s.excerpt_offset = -1;
    s.record_text_offset = -1;
    s.fd = open(path, O_RDONLY | O_CLOEXEC);
    if (s.fd < 0) {
        char message[300];
        snprintf(message, sizeof message, "cannot open: %s", strerror(errno));
        fail_at(&s, message, 0, 0);
        return;
    }
    /* The same head check as the reader: only ASCII-compatible encodings reach libxml2,
       so the byte-level prolog guard sees any DOCTYPE. */
    unsigned char head[4096];
    ssize_t got = pread(s.fd, head, sizeof head, 0);
    char refused[300];
    int refused_line = 0, refused_column = 0;
    if (got > 0 && remit_xml_check_head(head, (long)got, refused, sizeof refused, &refused_line, &refused_column) != 0) {
        close(s.fd);
        fail_at(&s, refused, refused_line, refused_column);
        return;
    }
    xmlSAXHandler sax;
    remit_sax_handler(&sax, (remit_sax_callbacks){ on_start, on_end, on_text, on_comment, on_pi, on_doctype, on_error });
    s.ctxt = xmlCreateIOParserCtxt(&sax, &s, read_callback, close_callback, &s, XML_CHAR_ENCODING_NONE);
    if (s.ctxt == NULL) {
        if (s.fd >= 0) close(s.fd);
        free(s.ahead);
        fail_at(&s, "libxml2 could not create a parser", 0, 0);
        return;
    }
    xmlCtxtUseOptions(s.ctxt, REMIT_XML_PARSE_OPTIONS);
    xmlParseDocument(s.ctxt);
    flush(&s);
    if (s.nul_offset >= 0) nul_error(&s, path);
    if (outcome->status == 0 && !s.ctxt->wellFormed) fail_at(&s, "malformed XML", current_line(&s), 0);
    if (outcome->status == 0 && !s.seen_root) outcome->status = 2;
    xmlFreeParserCtxt(s.ctxt);
    if (s.fd >= 0) close(s.fd);
    free(s.arena);
    free(s.slots);
    free(s.fields);
    free(s.pending);
    free(s.spare_records);
    free(s.ahead);
}

void remit_xml_read_records(const char *path, remit_xml_limits limits, const char *root, const char *root_namespace,
                            const char *record, remit_xml_record_callback callback, void *context,
                            remit_xml_outcome *outcome) {
    read_records(path, limits, root, root_namespace, record, callback, 1, NULL, context, outcome);
}

void remit_xml_read_record_batches(const char *path, remit_xml_limits limits, const char *root, const char *root_namespace,
                                   const char *record, int batch_records, remit_xml_batch_callback callback, void *context,
                                   remit_xml_outcome *outcome) {
    read_records(path, limits, root, root_namespace, record, NULL, batch_records, callback, context, outcome);
}

void remit_xml_batch_free(remit_xml_batch batch) {
    free(batch.records);
    free(batch.fields);
    free(batch.arena);
}
