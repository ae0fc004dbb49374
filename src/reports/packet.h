/*
** packet.h — which documents a committee meeting's packet holds (packet.c): per plan, the
** meeting, the agenda item and the 資料 in order, each a report kind (and the policy variant it
** is evaluated with). One declared list, so adding a document is one line there; the PDF
** writer knows nothing of kinds.
*/
#ifndef SHINCHOKU_REPORTS_PACKET_H
#define SHINCHOKU_REPORTS_PACKET_H

#define PACKET_MAX_DOCS 12

/* One report of the packet. Consecutive entries with the same label are one 資料. */
typedef struct PacketDoc {
  const char *label;   /* 「資料2」 */
  const char *kind;    /* a report kind (report_kinds[]) */
  const char *variant; /* the policy variant to evaluate with, NULL for the policy itself */
  const char *title;   /* the title on the cover as the seed words it, NULL: the report's */
} PacketDoc;

typedef struct PacketDecl {
  const char *plan;     /* plan id; NULL for the default */
  const char *meeting;  /* NULL: 「（計画名） 進捗報告」 */
  const char *business; /* 「協議事項」 or 「報告事項」, NULL: 協議事項 */
  const char *agenda;   /* NULL: 「（計画名）の進捗について」 */
  PacketDoc docs[PACKET_MAX_DOCS]; /* ends at the first without a kind */
} PacketDecl;

/* The packet declared for a plan, or the default one. Never NULL. */
const PacketDecl *packet_for(const char *plan_id);
/* The number of documents in d. */
int packet_ndocs(const PacketDecl *d);

#endif
