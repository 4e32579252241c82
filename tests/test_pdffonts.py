"""The pypdf path's font decoding on its own: CMap sections as producers write them, code spaces,
national encodings, and the codes no map gives a character."""

from __future__ import annotations

from kxdt.readers.pdffonts import parse_cmap

TO_UNICODE = b"""/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CMapName /Adobe-Identity-UCS def /CMapType 2 def
1 begincodespacerange <0000> <FFFF> endcodespacerange
3 beginbfchar
<0001> <79D1>
<0002> <534F>
<0003> <D869DEA5>
endbfchar
2 beginbfrange
<0010> <0012> <6708>
<0020> <0021> [<0066006C> <2014>]
endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end
"""

ENCODING = b"""/CIDInit /ProcSet findresource begin 12 dict begin begincmap
1 begincodespacerange <0000> <FFFF> endcodespacerange
2 begincidchar
<0001> 28965
<0002> 11669
endcidchar
1 begincidrange <0100> <01FF> 500 endcidrange
endcmap
"""


def test_to_unicode_sections():
    cmap = parse_cmap(TO_UNICODE)
    assert cmap.spaces == [(2, 0, 0xFFFF)]
    assert [cmap.to_unicode(c) for c in (1, 2, 3)] == ["科", "协", "𪚥"]
    assert [cmap.to_unicode(c) for c in (0x10, 0x11, 0x12, 0x13)] == ["月", "有", "朊", None]
    assert [cmap.to_unicode(c) for c in (0x20, 0x21)] == ["fl", "—"]


def test_encoding_cmap_gives_cids():
    cmap = parse_cmap(ENCODING)
    assert [cmap.to_cid(c) for c in (1, 2, 0x100, 0x1FF, 0x200)] == [28965, 11669, 500, 755, None]


def test_comments_and_oversized_maps_are_harmless():
    assert parse_cmap(b"% a comment <0001> <0041>\n1 beginbfchar <0001> <0041> endbfchar").to_unicode(1) == "A"
    assert parse_cmap(b"1 beginbfrange <00000000> <FFFFFFFF> <4E00> endbfrange").to_unicode(5) == "\u4e05"


def _font(**entries):
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    font = DictionaryObject()
    for key, value in entries.items():
        if isinstance(value, bytes):
            stream = DecodedStreamObject()
            stream.set_data(value)
            value = stream
        elif isinstance(value, str):
            value = NameObject(value)
        font[NameObject("/" + key)] = value
    return font


def test_fonts_decode_by_their_encodings():
    from kxdt.readers.pdffonts import load_font

    embedded = load_font(_font(Subtype="/Type0", BaseFont="/ABCDEF+Serif", Encoding=ENCODING, ToUnicode=TO_UNICODE))
    assert [t for t, _, _ in embedded.decode(b"\x00\x01\x00\x02")] == ["科", "协"]
    national = load_font(_font(Subtype="/Type0", BaseFont="/STSong-Light", Encoding="/UniGB-UCS2-H"))
    assert [t for t, _, _ in national.decode("科协".encode("utf-16-be"))] == ["科", "协"]
    gbk = load_font(_font(Subtype="/Type0", BaseFont="/SimSun", Encoding="/GBK-EUC-H"))
    assert [t for t, _, _ in gbk.decode("科A协".encode("gbk"))] == ["科", "A", "协"]
    identity = load_font(_font(Subtype="/Type0", BaseFont="/ABCDEF+Serif", Encoding="/Identity-H"))
    assert [t for t, _, _ in identity.decode(b"\x00\x01")] == [None]  # no map: no character


def test_a_subset_numbering_its_own_glyphs_is_not_read_by_a_standard_encoding():
    """LibreOffice numbers a subset's glyphs 1, 2, 3… and maps them in ToUnicode; a code the map
    leaves out is no character, not the WinAnsi letter its number happens to be."""
    from kxdt.readers.pdffonts import load_font

    subset = load_font(_font(Subtype="/TrueType", BaseFont="/ABCDEF+LiberationSerif",
                             ToUnicode=b"2 beginbfchar <41> <0032> <0A> <0038> endbfchar"))
    assert [t for t, _, _ in subset.decode(b"\x41\x0a\x42")] == ["2", "8", None]
    standard = load_font(_font(Subtype="/Type1", BaseFont="/Helvetica", Encoding="/WinAnsiEncoding"))
    assert [t for t, _, _ in standard.decode(b"Ab\x0a")] == ["A", "b", None]
