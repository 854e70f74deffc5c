#include "remit_xml.h"
#include "remit_xml_guard.h"
#include "remit_xml_head.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlversion.h>

/* ---- one-time library set-up: parser init and a deny-all external entity loader ---- */

static xmlParserInputPtr remit_deny_entity_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt) {
    (void)url; (void)id; (void)ctxt;
    return NULL;
}

static pthread_once_t remit_xml_once = PTHREAD_ONCE_INIT;
static void remit_xml_init(void) {
    xmlInitParser();
    xmlSetExternalEntityLoader(remit_deny_entity_loader);
}

void remit_xml_library_init(void) {
    pthread_once(&remit_xml_once, remit_xml_init);
}

/* ---- the prolog guard ---- */

int remit_prolog_guard_scan(remit_prolog_guard *g, const char *buf, long len) {
    for (long i = 0; i < len && g->state != PROLOG_DONE; i++) {
        char c = buf[i];
        if (c == '\n') g->lines_read++;
        switch (g->state) {
        case PROLOG_SCAN:
            if (c == '<') g->state = PROLOG_LT;
            break;
        case PROLOG_LT:
            if (c == '?') { g->state = PROLOG_PI; g->question = 0; }
            else if (c == '!') { g->state = PROLOG_BANG; g->bang_len = 0; }
            else g->state = PROLOG_DONE; /* the root element starts */
            break;
        case PROLOG_BANG:
            g->bang[g->bang_len++] = c;
            if (g->bang_len == 2) {
                if (g->bang[0] == '-' && g->bang[1] == '-') { g->state = PROLOG_COMMENT; g->dashes = 0; }
                else return g->lines_read + 1;
            }
            break;
        case PROLOG_PI:
            if (c == '>' && g->question) g->state = PROLOG_SCAN;
            g->question = (c == '?');
            break;
        case PROLOG_COMMENT:
            if (c == '>' && g->dashes >= 2) g->state = PROLOG_SCAN;
            g->dashes = (c == '-') ? g->dashes + 1 : 0;
            break;
        case PROLOG_DONE:
            break;
        }
    }
    return 0;
}

/* ---- the reader ---- */

struct remit_xml_reader {
    xmlTextReaderPtr xml;
    int fd;
    remit_xml_limits limits;
    int pending_end;             /* an END owed for an empty element */
    int pending_depth;
    char *pending_name;
    char *pending_ns;
    /* attributes of the current element, copied: [name, value] pairs in one arena */
    int attr_count;
    int attr_cap;
    char **attr_names;
    char **attr_values;
    /* the root element's namespace URI ("" for none), and the current element's name in
       `{uri}local` form when it is outside it */
    char *home;
    char *qualified;
    size_t qualified_cap;
    /* the current event */
    const char *name;
    const char *ns;
    const char *text;
    long text_len;
    int depth;
    int line;
    int column;
    /* the first error */
    int failed;
    char error[512];
    int error_line;
    int error_column;
    /* the prolog guard: refuses any DOCTYPE before libxml2 sees it */
    remit_prolog_guard guard;
    long bytes_read;
};

static void set_error(remit_xml_reader *r, const char *message, int line, int column) {
    if (r->failed) return;
    r->failed = 1;
    snprintf(r->error, sizeof r->error, "%s", message);
    /* libxml2 messages end with a newline */
    size_t n = strlen(r->error);
    while (n > 0 && (r->error[n - 1] == '\n' || r->error[n - 1] == ' ')) r->error[--n] = 0;
    r->error_line = line;
    r->error_column = column;
}

static void structured_error(void *ctx, xmlErrorPtr err) {
    remit_xml_reader *r = ctx;
    if (err == NULL || err->level < XML_ERR_ERROR) return;
    set_error(r, err->message ? err->message : "XML error", err->line, err->int2);
}

static int read_callback(void *ctx, char *buffer, int len) {
    remit_xml_reader *r = ctx;
    if (r->fd < 0) return -1;
    ssize_t n;
    do { n = read(r->fd, buffer, (size_t)len); } while (n < 0 && errno == EINTR);
    if (n < 0) {
        char msg[256];
        snprintf(msg, sizeof msg, "read failed: %s", strerror(errno));
        set_error(r, msg, 0, 0);
        return -1;
    }
    r->bytes_read += n;
    if (r->guard.state != PROLOG_DONE) {
        int line = remit_prolog_guard_scan(&r->guard, buffer, n);
        if (line > 0) { set_error(r, REMIT_DOCTYPE_REFUSED, line, 0); return -1; }
    }
    return (int)n;
}

static int close_callback(void *ctx) {
    remit_xml_reader *r = ctx;
    if (r->fd >= 0) close(r->fd);
    r->fd = -1;
    return 0;
}

remit_xml_reader *remit_xml_open_file(const char *path, remit_xml_limits limits) {
    remit_xml_library_init();
    remit_xml_reader *r = calloc(1, sizeof *r);
    if (r == NULL) return NULL;
    r->limits = limits;
    r->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (r->fd < 0) {
        char msg[300];
        snprintf(msg, sizeof msg, "cannot open: %s", strerror(errno));
        set_error(r, msg, 0, 0);
        return r;
    }
    /* Only ASCII-compatible encodings: the prolog guard reads bytes (see remit_xml_head.h). */
    unsigned char head[4096];
    ssize_t got = pread(r->fd, head, sizeof head, 0);
    char refused[300];
    int refused_line = 0, refused_column = 0;
    if (got < 0) {
        char msg[300];
        snprintf(msg, sizeof msg, "cannot read: %s", strerror(errno));
        set_error(r, msg, 0, 0);
        return r;
    }
    if (got > 0 && remit_xml_check_head(head, (long)got, refused, sizeof refused, &refused_line, &refused_column) != 0) {
        set_error(r, refused, refused_line, refused_column);
        return r;
    }
    /* Hardened options: no network, no entity substitution, no DTD loading or defaulting,
       no XInclude, no recovery, default (not huge) limits. */
    int options = XML_PARSE_NONET | XML_PARSE_NOCDATA;
    r->xml = xmlReaderForIO(read_callback, close_callback, r, path, NULL, options);
    if (r->xml == NULL) {
        if (r->fd >= 0) close(r->fd);
        r->fd = -1;
        set_error(r, "libxml2 could not create a reader", 0, 0);
        return r;
    }
    xmlTextReaderSetStructuredErrorHandler(r->xml, structured_error, r);
    return r;
}

static void clear_attributes(remit_xml_reader *r) {
    for (int i = 0; i < r->attr_count; i++) { free(r->attr_names[i]); free(r->attr_values[i]); }
    r->attr_count = 0;
}

void remit_xml_close(remit_xml_reader *r) {
    if (r == NULL) return;
    if (r->xml) xmlFreeTextReader(r->xml);
    if (r->fd >= 0) close(r->fd);
    clear_attributes(r);
    free(r->attr_names);
    free(r->attr_values);
    free(r->pending_name);
    free(r->pending_ns);
    free(r->home);
    free(r->qualified);
    free(r);
}

static int fail(remit_xml_reader *r, const char *message) {
    set_error(r, message, r->line, r->column);
    return REMIT_XML_ERROR;
}

static int add_attribute(remit_xml_reader *r, const char *name, const char *value) {
    if (r->attr_count == r->attr_cap) {
        int cap = r->attr_cap ? r->attr_cap * 2 : 16;
        char **names = realloc(r->attr_names, sizeof(char *) * (size_t)cap);
        if (names == NULL) return -1;
        r->attr_names = names;
        char **values = realloc(r->attr_values, sizeof(char *) * (size_t)cap);
        if (values == NULL) return -1;
        r->attr_values = values;
        r->attr_cap = cap;
    }
    r->attr_names[r->attr_count] = strdup(name);
    r->attr_values[r->attr_count] = strdup(value);
    r->attr_count++;
    return 0;
}

/* `{uri}local` in the reader's buffer, valid until the next call. */
static const char *qualify(remit_xml_reader *r, const char *uri, const char *local) {
    size_t length = strlen(uri) + strlen(local) + 3;
    if (length > r->qualified_cap) {
        char *grown = realloc(r->qualified, length);
        if (grown == NULL) return NULL;
        r->qualified = grown;
        r->qualified_cap = length;
    }
    snprintf(r->qualified, length, "{%s}%s", uri, local);
    return r->qualified;
}

/* The current element's name: its local name for the root and for elements in no namespace
   or the root's, `{uri}local` for any other, so that an element of another vocabulary
   (`<ext:category>`) is never taken for one of the document's own. */
static const char *element_name(remit_xml_reader *r, int depth, const char *local, const char *ns) {
    if (depth == 0) {
        free(r->home);
        r->home = strdup(ns);
        if (r->home == NULL) return NULL;
        return local;
    }
    if (ns[0] == 0 || strcmp(ns, r->home ? r->home : "") == 0) return local;
    return qualify(r, ns, local);
}

static int collect_attributes(remit_xml_reader *r) {
    clear_attributes(r);
    while (xmlTextReaderMoveToNextAttribute(r->xml) == 1) {
        if (xmlTextReaderIsNamespaceDecl(r->xml) == 1) {
            const xmlChar *uri = xmlTextReaderConstValue(r->xml);
            if (uri && strlen((const char *)uri) > REMIT_MAX_NAMESPACE_BYTES) {
                xmlTextReaderMoveToElement(r->xml);
                return fail(r, REMIT_NAMESPACE_TOO_LONG);
            }
            continue;
        }
        const xmlChar *local = xmlTextReaderConstLocalName(r->xml);
        const xmlChar *ns = xmlTextReaderConstNamespaceUri(r->xml);
        const xmlChar *value = xmlTextReaderConstValue(r->xml);
        if (value && (long)strlen((const char *)value) > r->limits.max_text_bytes)
            return fail(r, "attribute value exceeds the size limit");
        if (r->attr_count >= r->limits.max_attributes)
            return fail(r, "too many attributes on one element");
        /* An attribute in a namespace (`ext:customer`) is not the document's own `customer`. */
        const char *name = local ? (const char *)local : "";
        if (ns != NULL && ns[0] != 0) {
            name = qualify(r, (const char *)ns, name);
            if (name == NULL) return fail(r, "out of memory");
        }
        if (add_attribute(r, name, value ? (const char *)value : "") != 0)
            return fail(r, "out of memory");
    }
    xmlTextReaderMoveToElement(r->xml);
    return 0;
}

/* The line of the current node as libxml2 recorded it when the node was built; the
   parser's own position runs ahead of the reader, so it is used only as a fallback. */
static void set_position(remit_xml_reader *r) {
    xmlNodePtr node = xmlTextReaderCurrentNode(r->xml);
    long line = node ? xmlGetLineNo(node) : -1;
    if (line > 0) {
        r->line = (int)line;
        r->column = 0;
    } else {
        r->line = xmlTextReaderGetParserLineNumber(r->xml);
        r->column = xmlTextReaderGetParserColumnNumber(r->xml);
    }
}

int remit_xml_next(remit_xml_reader *r) {
    if (r->failed) return REMIT_XML_ERROR;
    if (r->pending_end) {
        r->pending_end = 0;
        r->name = r->pending_name;
        r->ns = r->pending_ns;
        r->depth = r->pending_depth;
        clear_attributes(r);
        return REMIT_XML_END;
    }
    for (;;) {
        int status = xmlTextReaderRead(r->xml);
        if (status < 0 || r->failed) {
            if (!r->failed) set_error(r, "malformed XML", xmlTextReaderGetParserLineNumber(r->xml), xmlTextReaderGetParserColumnNumber(r->xml));
            return REMIT_XML_ERROR;
        }
        if (status == 0) return REMIT_XML_EOF;
        set_position(r);
        int type = xmlTextReaderNodeType(r->xml);
        switch (type) {
        case XML_READER_TYPE_ELEMENT: {
            int depth = xmlTextReaderDepth(r->xml);
            if (depth >= r->limits.max_depth) return fail(r, "elements nested deeper than the limit");
            const xmlChar *name = xmlTextReaderConstLocalName(r->xml);
            const xmlChar *ns = xmlTextReaderConstNamespaceUri(r->xml);
            r->ns = ns ? (const char *)ns : "";
            r->depth = depth;
            if (collect_attributes(r) != 0) return REMIT_XML_ERROR;
            r->name = element_name(r, depth, name ? (const char *)name : "", r->ns);
            if (r->name == NULL) return fail(r, "out of memory");
            if (xmlTextReaderIsEmptyElement(r->xml) == 1) {
                free(r->pending_name); free(r->pending_ns);
                r->pending_name = strdup(r->name);
                r->pending_ns = strdup(r->ns);
                r->pending_depth = depth;
                r->pending_end = 1;
            }
            return REMIT_XML_START;
        }
        case XML_READER_TYPE_END_ELEMENT: {
            const xmlChar *name = xmlTextReaderConstLocalName(r->xml);
            const xmlChar *ns = xmlTextReaderConstNamespaceUri(r->xml);
            r->ns = ns ? (const char *)ns : "";
            r->depth = xmlTextReaderDepth(r->xml);
            clear_attributes(r);
            r->name = r->depth == 0 ? (name ? (const char *)name : "") : element_name(r, r->depth, name ? (const char *)name : "", r->ns);
            if (r->name == NULL) return fail(r, "out of memory");
            return REMIT_XML_END;
        }
        case XML_READER_TYPE_TEXT:
        case XML_READER_TYPE_CDATA: {
            const xmlChar *value = xmlTextReaderConstValue(r->xml);
            r->text = value ? (const char *)value : "";
            r->text_len = (long)strlen(r->text);
            if (r->text_len > r->limits.max_text_bytes) return fail(r, "text node exceeds the size limit");
            return REMIT_XML_TEXT;
        }
        case XML_READER_TYPE_DOCUMENT_TYPE:
            return fail(r, REMIT_DOCTYPE_REFUSED);
        case XML_READER_TYPE_ENTITY_REFERENCE:
        case XML_READER_TYPE_ENTITY:
            return fail(r, "entity references are not allowed");
        default:
            continue; /* comments, processing instructions, whitespace */
        }
    }
}

const char *remit_xml_name(const remit_xml_reader *r) { return r->name ? r->name : ""; }
const char *remit_xml_namespace(const remit_xml_reader *r) { return r->ns ? r->ns : ""; }
int remit_xml_depth(const remit_xml_reader *r) { return r->depth; }
int remit_xml_attribute_count(const remit_xml_reader *r) { return r->attr_count; }
const char *remit_xml_attribute_name(const remit_xml_reader *r, int i) { return (i >= 0 && i < r->attr_count) ? r->attr_names[i] : ""; }
const char *remit_xml_attribute_value(const remit_xml_reader *r, int i) { return (i >= 0 && i < r->attr_count) ? r->attr_values[i] : ""; }
const char *remit_xml_text(const remit_xml_reader *r) { return r->text ? r->text : ""; }
long remit_xml_text_length(const remit_xml_reader *r) { return r->text_len; }
int remit_xml_line(const remit_xml_reader *r) { return r->line; }
int remit_xml_column(const remit_xml_reader *r) { return r->column; }
const char *remit_xml_error_message(const remit_xml_reader *r) { return r->error; }
int remit_xml_error_line(const remit_xml_reader *r) { return r->error_line; }
int remit_xml_error_column(const remit_xml_reader *r) { return r->error_column; }
const char *remit_xml_library_version(void) { return LIBXML_DOTTED_VERSION; }
