using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Distrikt.Features.Plans.Import;

/// <summary>The plan read from an uploaded file and the report of how, or why the file was refused (in Swedish).</summary>
public sealed record PlanFileResult
{
    public PlanDocument? Plan { get; private init; }
    public PlanImportReport? Report { get; private init; }
    public string? Error { get; private init; }

    [MemberNotNullWhen(true, nameof(Plan), nameof(Report))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;

    public static PlanFileResult Success(ParsedPlan parsed) => new() { Plan = parsed.Plan, Report = parsed.Report };
    public static PlanFileResult Failure(string error) => new() { Error = error };
}

/// <summary>
/// Reads an uploaded operational plan: a Word document (.docx), or Markdown or plain text in UTF-8 (with or without
/// BOM), UTF-16 with BOM, or Windows-1252. What kind of file it is is decided by its content; the name is only
/// used to explain a refusal. Never throws for anything in the file: a file that cannot be read gives a Swedish
/// message saying why and what to do.
/// </summary>
public static class PlanFileReader
{
    /// <summary>A long plan is a few hundred kB, with pictures a few MB.</summary>
    public const int MaxBytes = 10 * 1024 * 1024;

    private static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");

    static PlanFileReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static PlanFileResult Read(Stream stream, string? fileName)
    {
        try
        {
            return Read(ReadCapped(stream), fileName);
        }
        catch (PlanFileException ex)
        {
            return PlanFileResult.Failure(ex.Message);
        }
    }

    public static async Task<PlanFileResult> ReadAsync(Stream stream, string? fileName, CancellationToken cancellationToken = default)
    {
        byte[] content;
        try
        {
            if (stream.CanSeek) content = ReadCapped(stream);
            else
            {
                using var buffer = new MemoryStream();
                var chunk = new byte[81920];
                int read;
                while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
                {
                    if (buffer.Length + read > MaxBytes) throw TooLargeUnknown();
                    buffer.Write(chunk, 0, read);
                }
                content = buffer.ToArray();
            }
        }
        catch (PlanFileException ex)
        {
            return PlanFileResult.Failure(ex.Message);
        }
        return Read(content, fileName);
    }

    public static PlanFileResult Read(byte[] content, string? fileName)
    {
        try
        {
            return PlanFileResult.Success(ReadContent(content, fileName));
        }
        catch (PlanFileException ex)
        {
            return PlanFileResult.Failure(ex.Message);
        }
    }

    /// <summary>The whole file, refusing one over the limit before reading it when its length is known.</summary>
    private static byte[] ReadCapped(Stream stream)
    {
        if (stream.CanSeek)
        {
            var remaining = stream.Length - stream.Position;
            if (remaining > MaxBytes) throw TooLarge(remaining);
            if (remaining <= 0) throw new PlanFileException("Filen är tom.");
            var content = new byte[remaining];
            var read = stream.ReadAtLeast(content, content.Length, throwOnEndOfStream: false);
            return read == content.Length ? content : content[..read];
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int count;
        while ((count = stream.Read(chunk)) > 0)
        {
            if (buffer.Length + count > MaxBytes) throw TooLargeUnknown();
            buffer.Write(chunk, 0, count);
        }
        return buffer.ToArray();
    }

    private static PlanFileException TooLarge(long bytes)
    {
        // Rounded up, so a file just over the limit is not said to be exactly at it.
        var megabytes = Math.Ceiling(bytes / (1024.0 * 1024.0) * 10) / 10;
        return new PlanFileException(string.Format(Swedish, "Filen är {0:0.#} MB; som mest {1} MB tas emot.", megabytes, MaxBytes / (1024 * 1024)));
    }

    private static PlanFileException TooLargeUnknown() =>
        new(string.Format(Swedish, "Filen är större än {0} MB; som mest {0} MB tas emot.", MaxBytes / (1024 * 1024)));

    private static ParsedPlan ReadContent(byte[] content, string? fileName)
    {
        if (content.Length == 0) throw new PlanFileException("Filen är tom.");
        if (content.Length > MaxBytes) throw TooLarge(content.Length);

        if (StartsWith(content, "PK\u0003\u0004"u8)) return ReadDocx(content);
        // The old binary Office format; a Word document with a password is stored in it too.
        if (StartsWith(content, [0xD0, 0xCF, 0x11, 0xE0]))
            throw new PlanFileException("Filen är i det gamla Word-formatet (.doc) eller skyddad med lösenord. Spara den som Word-dokument (.docx) utan lösenord och försök igen.");
        if (HasExtension(fileName, ".docx", ".docm", ".dotx"))
            throw new PlanFileException("Filen heter .docx men är inget Word-dokument.");
        if (StartsWith(content, "%PDF"u8))
            throw new PlanFileException("Filen är en PDF. Spara planen som Word-dokument (.docx), Markdown eller vanlig text och försök igen.");
        if (StartsWith(content, "{\\rtf"u8))
            throw new PlanFileException("Filen är i RTF-format. Spara planen som Word-dokument (.docx) eller vanlig text och försök igen.");
        return ReadText(content);
    }

    private static ParsedPlan ReadDocx(byte[] content)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read);
            if (zip.GetEntry("word/document.xml") is null)
            {
                if (zip.GetEntry("content.xml") is not null)
                    throw new PlanFileException("Filen är ett OpenDocument-dokument (till exempel från LibreOffice). Spara den som Word-dokument (.docx) och försök igen.");
                if (zip.GetEntry("xl/workbook.xml") is not null)
                    throw new PlanFileException("Filen är ett Excel-dokument, inte ett Word-dokument. Spara planen som Word-dokument (.docx) eller text och försök igen.");
                throw new PlanFileException("Filen är ett ZIP-arkiv men inget Word-dokument (.docx).");
            }
        }
        catch (InvalidDataException)
        {
            throw new PlanFileException("Filen ser ut som ett Word-dokument (.docx) men går inte att öppna; den kan vara skadad. Öppna och spara den i Word igen.");
        }
        var parsed = PlanDocxReader.Read(new MemoryStream(content, writable: false));
        if (IsEmpty(parsed.Plan)) throw new PlanFileException("Word-dokumentet innehåller ingen text.");
        return parsed;
    }

    private static ParsedPlan ReadText(byte[] content)
    {
        var (text, encodingName) = Decode(content);
        if (text.Contains('\0'))
            throw new PlanFileException("Filen innehåller binära data och är varken ett Word-dokument (.docx) eller en textfil.");
        var parsed = PlanTextParser.Parse(text);
        if (IsEmpty(parsed.Plan)) throw new PlanFileException("Filen innehåller ingen text.");
        var notes = parsed.Report.Notes;
        if (encodingName == "Windows-1252")
            notes = ["Texten är inte UTF-8 och har lästs som Windows-1252; kontrollera att å, ä och ö ser rätt ut.", .. notes];
        return parsed with { Report = parsed.Report with { EncodingName = encodingName, Notes = notes } };
    }

    /// <summary>UTF-8 when the bytes are valid UTF-8 (a BOM settles it); otherwise Windows-1252, what Notepad and Word on Swedish Windows write as "ANSI".</summary>
    private static (string Text, string Name) Decode(byte[] content)
    {
        if (StartsWith(content, [0xEF, 0xBB, 0xBF]))
            return (new UTF8Encoding(false).GetString(content, 3, content.Length - 3), "UTF-8 med BOM");
        if (StartsWith(content, [0xFF, 0xFE])) return (Encoding.Unicode.GetString(content, 2, content.Length - 2), "UTF-16");
        if (StartsWith(content, [0xFE, 0xFF])) return (Encoding.BigEndianUnicode.GetString(content, 2, content.Length - 2), "UTF-16");
        try
        {
            return (new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content), "UTF-8");
        }
        catch (DecoderFallbackException)
        {
            return (Encoding.GetEncoding(1252).GetString(content), "Windows-1252");
        }
    }

    private static bool IsEmpty(PlanDocument plan) => plan.Title.Length == 0 && plan.Intro.Count == 0 && plan.Sections.Count == 0;

    private static bool StartsWith(byte[] content, ReadOnlySpan<byte> signature) => content.AsSpan().StartsWith(signature);

    private static bool HasExtension(string? fileName, params ReadOnlySpan<string> extensions)
    {
        var extension = Path.GetExtension(fileName ?? "");
        foreach (var candidate in extensions)
            if (extension.Equals(candidate, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}
