/* SPDX-License-Identifier: Apache-2.0 */
/*
** packet_build.c — a committee packet assembled: every document the plan's packet declares
** (packet.c) evaluated by its policy variant and built for one year, with the 会次第 cover's
** words, ready for report_write_packet_pdf. `report --kind packet` and the site's
** /plan/ID/snapshot/NAME/report/packet.pdf both make it here, so they give the same bytes.
*/
#include "packet.h"
#include <stdlib.h>

/* Document i of d: its evaluation and report. -1 with err when its policy does not compile. */
static int build_doc(Packet *pk, const Plan *plan, const PacketDoc *doc, const char *variant,
                     int year, const ReportSource *src, int i, char *err, size_t errlen) {
  const ReportKind *k = report_kind(doc->kind);
  /* variant, else the packet's, else the one the policy declares for the kind */
  char *declared =
      variant || doc->variant || !k ? NULL : policy_report_variant(plan->policy_json, k->name);
  const char *use = variant ? variant : doc->variant ? doc->variant : declared;
  pk->pols[i] = k ? policy_compile(plan->policy_json, use, plan->nlevels, err, errlen) : NULL;
  free(declared);
  if (!pk->pols[i]) {
    if (!k) snprintf(err, errlen, "unknown report kind");
    return -1;
  }
  pk->evs[i] = eval_run(plan, pk->pols[i]);
  pk->reports[i] = report_build(k, pk->evs[i], year, src);
  pk->reports[i]->label = doc->label; /* the packet numbers its documents */
  pk->docs[i] = pk->reports[i];
  pk->titles[i] = doc->title;
  return 0;
}

int packet_build(Packet *pk, const Plan *plan, const char *which, const char *variant, int year,
                 const ReportSource *src, char *err, size_t errlen) {
  *pk = (Packet){0};
  PacketDecl d;
  if (packet_for(plan, which, &d, err, errlen)) return -1;
  for (int i = 0; i < d.ndocs; i++) {
    pk->n = i + 1;
    if (build_doc(pk, plan, &d.docs[i], variant, year, src, i, err, errlen)) {
      char why[512];
      snprintf(why, sizeof why, "%s", err);
      snprintf(err, errlen, "packet %s: %s", d.docs[i].label, why);
      packet_free(pk);
      return -1;
    }
  }
  buf_printf(&pk->meeting, "%s", d.meeting ? d.meeting : "");
  if (!d.meeting) buf_printf(&pk->meeting, "%s 進捗報告", plan->name);
  buf_printf(&pk->agenda, "%s", d.agenda ? d.agenda : "");
  if (!d.agenda) buf_printf(&pk->agenda, "%sの進捗について", plan->name);
  pk->pk = (ReportPacket){pk->meeting.s, d.business, pk->agenda.s, src->made,
                          pk->docs,      pk->titles, d.ndocs};
  return 0;
}

void packet_free(Packet *pk) {
  for (int i = 0; i < pk->n; i++) {
    report_free(pk->reports[i]);
    if (pk->evs[i]) eval_free(pk->evs[i]);
    if (pk->pols[i]) policy_free(pk->pols[i]);
  }
  buf_free(&pk->meeting);
  buf_free(&pk->agenda);
  *pk = (Packet){0};
}
