"""Render the review workbook with LibreOffice to prove it opens cleanly and to look at it.

    python benchmarks/workbook_render.py [review.xlsx] [--out DIR] [--sheets Summary,Findings]

Without a workbook it runs ``align check`` on the shipped seed document first. For each sheet it
writes a copy where only that sheet is visible, converts it headless to PDF (``soffice``), then
to PNG (``pdftoppm``), and prints pages, sizes and timings. Skips (exit 0) when soffice is absent.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpora" / "council" / "st14186-07.nl.txt"


def make_seed_workbook(out_dir: Path) -> Path:
    out = out_dir / "review.xlsx"
    cmd = [sys.executable, "-m", "align", "check", str(SEED), "-o", str(out)]
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    print(f"align check on the seed: exit {proc.returncode} in {time.perf_counter() - started:.2f} s")
    print(proc.stdout.rstrip())
    if proc.returncode not in (0, 1) or not out.exists():
        print(proc.stderr.rstrip())
        raise SystemExit("align check failed; no workbook to render")
    return out


def only_sheet(src: Path, sheet: str, dst: Path) -> bool:
    from openpyxl import load_workbook

    wb = load_workbook(src, rich_text=True)
    if sheet not in wb.sheetnames:
        return False
    for ws in wb.worksheets:
        ws.sheet_state = "visible" if ws.title == sheet else "hidden"
    wb.active = wb.sheetnames.index(sheet)
    wb.save(dst)
    return True


def to_pdf(soffice: str, xlsx: Path, out_dir: Path, profile: Path) -> tuple[Path | None, float, str]:
    started = time.perf_counter()
    proc = subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                           "--outdir", str(out_dir), str(xlsx)], capture_output=True, text=True, timeout=300)
    pdf = out_dir / (xlsx.stem + ".pdf")
    return (pdf if pdf.exists() else None), time.perf_counter() - started, proc.stderr.strip()


def to_png(pdf: Path, prefix: Path, first: int = 1, last: int = 2) -> list[Path]:
    if not shutil.which("pdftoppm"):
        return []
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", str(first), "-l", str(last), str(pdf), str(prefix)],
                   check=False, capture_output=True)
    return sorted(prefix.parent.glob(prefix.name + "*.png"))


def pdf_pages(pdf: Path) -> str:
    if not shutil.which("pdfinfo"):
        return "?"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    return next((l.split()[-1] for l in info.splitlines() if l.startswith("Pages:")), "?")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("workbook", nargs="?")
    ap.add_argument("--out", default=None, help="where PDFs and PNGs go (default: a temp dir, printed)")
    ap.add_argument("--sheets", default="Summary,Findings,Alignment")
    args = ap.parse_args()
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("soffice not found: skipping the render (install libreoffice-calc to run it)")
        return 0
    out_dir = Path(args.out or tempfile.mkdtemp(prefix="align-render-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    workbook = Path(args.workbook) if args.workbook else make_seed_workbook(out_dir)
    print(f"workbook: {workbook} ({workbook.stat().st_size} bytes)")
    profile = Path(tempfile.mkdtemp(prefix="align-lo-profile-"))
    try:
        for sheet in [s.strip() for s in args.sheets.split(",") if s.strip()]:
            copy = out_dir / f"sheet-{sheet}.xlsx"
            if not only_sheet(workbook, sheet, copy):
                print(f"{sheet}: no such sheet")
                continue
            pdf, seconds, err = to_pdf(soffice, copy, out_dir, profile)
            if pdf is None:
                print(f"{sheet}: LibreOffice could not convert it ({err or 'no output'})")
                return 1
            pngs = to_png(pdf, out_dir / f"sheet-{sheet}")
            print(f"{sheet}: PDF {pdf_pages(pdf)} page(s), {pdf.stat().st_size} bytes in {seconds:.1f} s; "
                  f"PNG: {', '.join(str(p) for p in pngs) or 'pdftoppm not found'}")
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
