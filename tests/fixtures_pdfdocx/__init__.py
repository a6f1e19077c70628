"""Realistic PDF and DOCX test files built at run time from the seed Council document.

Nothing binary is shipped: the builders lay the seed's own lines out the way the Council
publishes them (running footers with document number, initials and page number, the
"BIJLAGE I DG H 2B NL" annex footer, a superscript footnote mark with its footnote in small
print under a rule, words hyphenated at line ends, a page break inside a hyphenated word).
"""
