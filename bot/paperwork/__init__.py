"""The documents an office prints, in each notice's own layout.

`templates` finds a pack's DOCX template for an 附件 (kept in the pack's `forms/` folder beside
its rules); `values` turns an application's answers into what each box prints (dates as
2026年12月2日, choices by their words, blanks left blank, never a value nobody gave); `render`
fills a template with docxtpl, the photo cropped to the 2-inch ratio in its cell; `pdf` turns a
DOCX or XLSX into PDF with headless LibreOffice, the notice's faces mapped to serif fallbacks.
"""
