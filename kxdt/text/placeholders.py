"""The texts a draft holds until a clerk writes the issue: one placeholder article per column,
and a line in the 目录提要. Written by `new-issue`, recognised (and left out, with a warning)
by the parser when the clerk did not overwrite them."""

from __future__ import annotations

TITLE = "在此输入文章标题"
BODY = "在此输入正文，一段一个段落。写好后删去这段提示；不用的示例文章整篇删去即可。"
SOURCE = "供稿单位名称"
TOC = "目录提要可以留空：导出时按文章标题自动生成"

ALL = frozenset((TITLE, BODY, SOURCE, TOC))
