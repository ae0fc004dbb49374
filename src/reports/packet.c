/*
** packet.c — the committee packets: for each sample plan whose meeting the seeds show, the
** documents its 会次第 lists, in order (000: 令和3年度第2回鹿児島市地域情報化推進委員会; 001:
** 令和6年度第1回鹿児島市ＤＸ推進委員会); every other plan gets the default packet. Extend a
** packet by adding a line; a document needs a report kind that exists.
*/
#include "packet.h"
#include <string.h>

static const PacketDecl packets[] = {
    {"kagoshima-4th",
     "令和3年度第2回鹿児島市地域情報化推進委員会",
     "協議事項",
     "第四次地域情報化計画の総括及び次期地域情報化計画の骨子について",
     {
         {"資料1", "issues", NULL, "第四次鹿児島市地域情報化計画総括"},
         {"資料2", "status", "資料2", "第四次地域情報化計画達成状況一覧"},
         {"資料2", "summary", "資料2", NULL},
     }},
    {"kagoshima-dx",
     "令和6年度第1回鹿児島市ＤＸ推進委員会",
     "報告事項",
     "鹿児島市デジタル・トランスフォーメーション(ＤＸ)推進計画の進捗について",
     {
         {"資料1", "policy", NULL,
          "鹿児島市デジタル・トランスフォーメーション(ＤＸ)推進計画の進捗について"},
         {"資料2", "status", NULL, "鹿児島市ＤＸ推進計画の具体策取組状況一覧"},
     }},
    {NULL,
     NULL,
     NULL,
     NULL,
     {
         {"資料1", "summary", NULL, NULL},
         {"資料2", "status", NULL, NULL},
         {"資料3", "issues", NULL, NULL},
     }},
};

const PacketDecl *packet_for(const char *plan_id) {
  const PacketDecl *d = packets;
  for (; d->plan; d++)
    if (plan_id && strcmp(d->plan, plan_id) == 0) return d;
  return d;
}

int packet_ndocs(const PacketDecl *d) {
  int n = 0;
  while (n < PACKET_MAX_DOCS && d->docs[n].kind)
    n++;
  return n;
}
