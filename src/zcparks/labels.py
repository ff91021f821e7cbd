"""One label dictionary for every report text that is not data: titles, axes, legends, headers.

``t(key, lang)`` returns the label; a missing key or language raises KeyError (a test
checks that every key has both languages).
"""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    # page furniture
    "contents": {"en": "Contents", "zh": "目录"},
    "other_language": {"en": "中文版", "zh": "English version"},
    "built": {"en": "Built", "zh": "生成时间"},
    "data_and_method": {"en": "Data and method", "zh": "数据与方法"},
    "run_manifest": {"en": "Run manifest", "zh": "运行清单"},
    "parameters": {"en": "Parameters", "zh": "参数"},
    "version": {"en": "zcparks version", "zh": "zcparks 版本"},
    "git_commit": {"en": "Git commit", "zh": "Git 提交"},
    "packages": {"en": "Key packages", "zh": "主要软件包"},
    "input_files": {"en": "Input data files", "zh": "输入数据文件"},
    "file": {"en": "File", "zh": "文件"},
    "source": {"en": "Source", "zh": "来源"},
    "licence": {"en": "Licence / terms", "zh": "许可 / 条款"},
    "vintage": {"en": "Vintage", "zh": "版本"},
    "not_available": {"en": "not available", "zh": "暂无数据"},
    "index_title": {"en": "zcparks reports", "zh": "zcparks 报告"},
    "index_subtitle": {
        "en": "Reproducible reports on China's national zero-carbon parks",
        "zh": "国家级零碳园区可复现分析报告",
    },
    "status": {"en": "Status", "zh": "状态"},
    "status_ok": {"en": "ok", "zh": "正常"},
    "status_failed": {"en": "failed", "zh": "失败"},
    "status_stale": {"en": "stale: last build failed, showing the previous version",
                     "zh": "过期：最近一次生成失败，显示的是上一版"},
    "status_missing": {"en": "not built yet", "zh": "尚未生成"},
    "report": {"en": "Report", "zh": "报告"},
    "group_overview": {"en": "Overview", "zh": "总览"},
    "group_comparisons": {"en": "Comparisons", "zh": "对比"},
    "group_provinces": {"en": "Provinces", "zh": "省份"},
    "group_parks": {"en": "Parks", "zh": "园区"},
    # pilot parks notebook
    "map_title": {"en": "The listed parks on China's standard map", "zh": "入选园区在标准地图上的位置"},
    "nbs_region": {"en": "NBS region", "zh": "国家统计局区域"},
    "scope": {"en": "Construction scope", "zh": "建设范围"},
    "park_in_park": {"en": "park-in-park (园中园)", "zh": "园中园"},
    "whole_park": {"en": "whole park (整体)", "zh": "园区整体"},
    "park": {"en": "Park", "zh": "园区"},
    "park_id": {"en": "ID", "zh": "编号"},
    "province": {"en": "Province", "zh": "省份"},
    "provincial_unit": {"en": "Provincial unit", "zh": "省级单位"},
    "parks_count": {"en": "Number of parks", "zh": "园区数量"},
    "industry_class": {"en": "Industry class", "zh": "产业类别"},
    "zone_type": {"en": "Zone type", "zh": "园区类型"},
    "construction_end": {"en": "Construction ends", "zh": "建设期结束"},
    "construction_start": {"en": "Construction starts", "zh": "建设期开始"},
    "parks_by": {"en": "Parks by {what}", "zh": "按{what}统计的园区数量"},
    "confirmation": {"en": "Confirmation of list membership", "zh": "入选核实情况"},
    "construction_period": {"en": "Construction period", "zh": "建设期"},
    "year": {"en": "Year", "zh": "年份"},
    "location_precision": {"en": "Location from", "zh": "位置依据"},
    "loc_county": {"en": "county polygon", "zh": "县级区划"},
    "loc_prefecture": {"en": "prefecture polygon", "zh": "地级区划"},
    "verified_by": {"en": "Membership confirmed by", "zh": "入选核实来源"},
    "list_text only": {"en": "list text only", "zh": "仅名单文本"},
    "list_text + media": {"en": "list text + media report", "zh": "名单文本 + 媒体报道"},
    "list_text + gov_report (indirect)": {"en": "list text + government report (indirect)",
                                          "zh": "名单文本 + 政府报道（间接）"},
    "claim": {"en": "Claim", "zh": "说法"},
    "claimed": {"en": "Claimed", "zh": "报道数值"},
    "in_list": {"en": "In the list data", "zh": "名单数据"},
    "agrees": {"en": "Agrees", "zh": "是否一致"},
    "yes": {"en": "yes", "zh": "是"},
    "no": {"en": "no", "zh": "否"},
    "claim_status": {"en": "Claim status", "zh": "说法状态"},
    "reported": {"en": "reported", "zh": "有报道"},
    "unconfirmed": {"en": "unconfirmed", "zh": "未证实"},
    # grid factors notebook
    "grid_factor": {"en": "Grid emission factor (tCO2/MWh)", "zh": "电网排放因子（tCO2/MWh）"},
    "grid_factor_map_title": {"en": "Average CO2 emission factor of electricity, {year}",
                              "zh": "{year}年电力平均二氧化碳排放因子"},
    "grid_factor_rank_title": {"en": "Provinces ranked by their {year} factor (rule: national average)",
                               "zh": "{year}年各省排放因子排序（竖线：全国平均）"},
    "national_average": {"en": "National average", "zh": "全国平均"},
    "regional_grid": {"en": "Regional grid", "zh": "区域电网"},
    "grid_region": {"en": "Regional grid", "zh": "所属区域电网"},
    "change": {"en": "Change", "zh": "变化"},
    "factor_kind": {"en": "Factor", "zh": "因子"},
    "grid_average_co2_emission_factor": {"en": "average factor", "zh": "电力平均排放因子"},
    "national_avg_factor_excl_market_traded_nonfossil": {
        "en": "national average excluding market-traded non-fossil power",
        "zh": "全国平均（不含市场化交易的非化石能源电量）"},
    "national_fossil_power_co2_emission_factor": {"en": "national fossil-power factor", "zh": "全国化石能源电力排放因子"},
    "check": {"en": "Transcription check", "zh": "转录核对"},
    "two_transcriptions_agree": {"en": "two transcriptions agree", "zh": "两份转录一致"},
    "single_transcription": {"en": "single transcription", "zh": "单一转录"},
    # NBS regions, industry classes, scopes
    "East": {"en": "East", "zh": "东部"},
    "Central": {"en": "Central", "zh": "中部"},
    "West": {"en": "West", "zh": "西部"},
    "Northeast": {"en": "Northeast", "zh": "东北"},
    "new_energy_manufacturing": {"en": "new-energy manufacturing", "zh": "新能源装备制造"},
    "computing_data_centre": {"en": "computing / data centres", "zh": "算力 / 数据中心"},
    "advanced_manufacturing": {"en": "advanced manufacturing", "zh": "先进制造"},
    "traditional_energy_intensive": {"en": "traditional energy-intensive", "zh": "传统高耗能"},
    "mixed": {"en": "mixed", "zh": "多元"},
    "unknown": {"en": "unknown", "zh": "未知"},
}


def t(key: str, lang: str) -> str:
    """The label ``key`` in ``lang`` ('en' or 'zh')."""
    try:
        return LABELS[key][lang]
    except KeyError:
        raise KeyError(f"label {key!r} has no {lang!r} text; add it to zcparks/labels.py") from None
