namespace Ras.Engine;

/// <summary>How the bytes of a caseload file are read as text (see docs/caseload-format.md).</summary>
public enum CaseloadEncoding
{
    /// <summary>UTF-8 (a byte-order mark is allowed). A line that is not valid UTF-8 is an error row.</summary>
    Utf8 = 0,

    /// <summary>Windows-1252 ("ANSI" exports from Windows software): every byte is a character.</summary>
    Windows1252 = 1,
}
