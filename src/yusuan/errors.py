"""Input errors: a typed catalogue with Chinese message templates and exit codes.

Every problem with an input document is one of these classes. The CLI prints
``message`` and exits with ``exit_code``; nothing is written. Like frictionless-py's
error catalogue, each class carries a stable ``code``, a ``title`` and a ``template``
so the same catalogue drives messages, JSON output and the docs.
"""

from __future__ import annotations

from typing import ClassVar

from yusuan.inputs import SUPPORTED

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT = 2
EXIT_USAGE = 3
#: an unexpected failure inside yusuan (a bug): reported as 内部错误, never as a traceback
EXIT_INTERNAL = 4


class _Params(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return ""


class YusuanError(Exception):
    """Base of all errors yusuan reports to a user."""

    code: ClassVar[str] = "error"
    title: ClassVar[str] = "错误"
    template: ClassVar[str] = "{detail}"
    exit_code: ClassVar[int] = EXIT_INPUT

    def __init__(self, path: str = "", *, where: str = "", **params: object) -> None:
        self.path = path
        self.where = where
        self.params = params
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """The full Chinese message: file, location, what is wrong."""
        text = self.template.format_map(_Params(self.params))
        prefix = self.path
        if self.where:
            prefix = f"{prefix}（{self.where}）" if prefix else self.where
        return f"{prefix}：{text}" if prefix else text


class FileMissingError(YusuanError):
    code = "file-missing"
    title = "文件不存在"
    template = "文件不存在或无法打开。"


class EmptyFileError(YusuanError):
    code = "empty-file"
    title = "空文件"
    template = "文件为空（0 字节或只有空白），没有可读取的内容。"


class BinaryFileError(YusuanError):
    code = "binary-file"
    title = "无法识别的文件格式"
    template = f"无法读取（{{detail}}）。支持的格式：{SUPPORTED}。"


class UnsupportedFormatError(YusuanError):
    code = "unsupported-format"
    title = "暂不支持的格式"
    template = f"暂不支持 {{detail}} 格式。支持的格式：{SUPPORTED}。"


class EncodingError(YusuanError):
    code = "encoding"
    title = "无法识别的文字编码"
    template = "无法识别文字编码（已尝试 UTF-8、UTF-16、GB18030），请另存为 UTF-8 后重试。"


class PdfEncryptedError(YusuanError):
    code = "pdf-encrypted"
    title = "PDF 已加密"
    template = "PDF 已加密（需要密码），无法读取。请提供未加密的文件。"


class PdfBrokenError(YusuanError):
    code = "pdf-broken"
    title = "PDF 文件损坏"
    template = "PDF 文件损坏或不完整，无法打开（{detail}）。"


class PdfNoTextError(YusuanError):
    code = "pdf-no-text"
    title = "PDF 没有文字层"
    template = "PDF 共 {pages} 页，但没有可提取的文字（可能是扫描件），需要先进行 OCR 文字识别。"


class OcrUnavailableError(YusuanError):
    code = "ocr-unavailable"
    title = "无法进行 OCR 文字识别"
    template = (
        "PDF 有 {pages} 页是扫描图像（没有文字层），需要 OCR 文字识别，但{detail}。"
        "请安装 Tesseract 及其简体中文模型（Debian/Ubuntu：apt-get install tesseract-ocr "
        "tesseract-ocr-chi-sim，或以 root 运行 make setup）后重试。"
    )


class OcrFailedError(YusuanError):
    code = "ocr-failed"
    title = "OCR 文字识别失败"
    template = "OCR 文字识别失败（{detail}）。"


class NotABudgetError(YusuanError):
    code = "not-a-budget"
    title = "不是预决算文件"
    template = (
        "未找到预决算内容：没有部门预算/决算的表格、绩效目标表或自评表，也没有说明预算、决算、"
        "“三公”经费、收入支出等金额的语句，这似乎不是预决算公开文件。"
    )


class ScanNotRecognizedError(NotABudgetError):
    code = "scan-not-recognized"
    title = "扫描件未能识别"
    template = (
        "扫描件经 OCR 文字识别后，仍未找到部门预算/决算的表格或绩效目标表：扫描可能不够清晰"
        "（分辨率太低、模糊、倾斜过大或有污渍）。请提供更清晰的扫描件（300 DPI 以上）或带文字层的 PDF。"
    )


class TooLargeError(YusuanError):
    code = "too-large"
    title = "文件过大"
    template = "文件大小 {size} 超过上限 {limit}。"


class LimitError(TooLargeError):
    """A reading limit (:mod:`yusuan.limits`) reached: the input is refused, not half read."""

    code = "limit"
    title = "超出读取上限"
    template = (
        "{what}{value}超过上限 {limit}：为防止异常文件耗尽内存或时间，未予读取。"
        "如确属正常文件，请拆分后再读取。"
    )


class OutOfMemoryError(LimitError):
    """A reader ran out of memory (the address space its process is allowed, or the
    machine's): the input is refused, not half read — it is memory, not the file's size."""

    code = "out-of-memory"
    title = "读取时内存不足"
    template = (
        "读取该文件时内存不足（超出读取进程可用的内存）已中止，未予读取："
        "文件内容展开后过大或过于复杂（如超大图片、页数很多的扫描件、超大工作表）。"
        "如确属正常文件，请拆分或精简后再读取。"
    )


class DamagedFileError(BinaryFileError):
    code = "damaged-file"
    title = "文件已损坏"
    template = "{kind}文件已损坏或格式有误，无法读取（{detail}）。"


class ProfileError(YusuanError):
    code = "profile"
    title = "配置文件错误"
    template = "{detail}"
    exit_code = EXIT_USAGE


class DataFileError(YusuanError):
    code = "data-file"
    title = "数据文件错误"
    template = "{detail}"
    exit_code = EXIT_USAGE


class OutputError(YusuanError):
    code = "output"
    title = "无法写出文件"
    template = "无法写出文件（{detail}）。请检查文件夹是否存在、是否有写入权限和磁盘空间。"
    exit_code = EXIT_USAGE


class PublishVerifyError(YusuanError):
    code = "publish-verify"
    title = "发布校验失败"
    template = "生成的 {format} 文件读回后与数据不一致，未发布任何文件：{detail}"
    exit_code = EXIT_INPUT


class LayoutMismatchError(YusuanError):
    code = "layout-mismatch"
    title = "版式无法容纳"
    template = "版式「{layout}」无法容纳此文件的以下内容，未发布任何文件：{detail}。{suggestion}"
    exit_code = EXIT_USAGE


class CatalogError(YusuanError):
    code = "catalog"
    title = "分类科目目录错误"
    template = "{detail}"
    exit_code = EXIT_USAGE


class OptionError(YusuanError):
    """Command-line options that do not go together (``--resume`` without an output …)."""

    code = "option"
    title = "参数错误"
    template = "{detail}"
    exit_code = EXIT_USAGE


class ClusterError(YusuanError):
    """``--scheduler``: no dask.distributed, no scheduler there, no worker, or workers
    without this yusuan."""

    code = "cluster"
    title = "无法使用 Dask 集群"
    template = "{detail}"
    exit_code = EXIT_USAGE


class InternalError(YusuanError):
    """The last resort: an exception yusuan did not expect (a bug), reported without a
    traceback (set ``YUSUAN_DEBUG=1`` to see it)."""

    code = "internal"
    title = "内部错误"
    template = (
        "内部错误（{detail}）。这是 yusuan 的缺陷，不是文件的问题；请把所用的文件和命令报告给"
        "维护者（设置环境变量 YUSUAN_DEBUG=1 可显示详细的出错位置）。"
    )
    exit_code = EXIT_INTERNAL


ALL_ERRORS: tuple[type[YusuanError], ...] = (
    FileMissingError,
    EmptyFileError,
    BinaryFileError,
    UnsupportedFormatError,
    EncodingError,
    PdfEncryptedError,
    PdfBrokenError,
    PdfNoTextError,
    OcrUnavailableError,
    OcrFailedError,
    NotABudgetError,
    ScanNotRecognizedError,
    TooLargeError,
    LimitError,
    DamagedFileError,
    ProfileError,
    DataFileError,
    OutputError,
    PublishVerifyError,
    LayoutMismatchError,
    CatalogError,
    OptionError,
    ClusterError,
    InternalError,
)
