/**
 * @file yibao.h
 * @brief Umbrella header of libyibao: includes every public header.
 *
 * libyibao computes what China's medical-insurance fund pays when it buys
 * care strategically: grouping of inpatient cases (CHS-DRG and DIP), DIP/DRG
 * point values and hospital payment, capitation budgets for county medical
 * alliances, and the pooled-fund payment of one member's bill.
 */
#ifndef YIBAO_YIBAO_H
#define YIBAO_YIBAO_H

#include <yibao/version.h>
#include <yibao/export.h>
#include <yibao/status.h>
#include <yibao/ctx.h>
#include <yibao/money.h>
#include <yibao/dict.h>
#include <yibao/pack.h>
#include <yibao/cases.h>
#include <yibao/grouping.h>
#include <yibao/points.h>
#include <yibao/capitation.h>
#include <yibao/dip.h>
#include <yibao/benefit.h>

#endif /* YIBAO_YIBAO_H */
