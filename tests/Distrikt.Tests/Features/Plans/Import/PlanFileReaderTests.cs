using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Distrikt.Features.Plans.Import;
using static Distrikt.Tests.Features.Plans.Import.PlanDocxReaderTests;

namespace Distrikt.Tests.Features.Plans.Import;

/// <summary>Uploaded plan files: told apart by content, decoded, capped in size, and refused in Swedish when they cannot be read.</summary>
public sealed class PlanFileReaderTests
{
    static PlanFileReaderTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private const string SmallPlan = "# Verksamhetsplan 2025 för Vänsterpartiet Örebro län\n\n## Mål\n\n- Distriktet ska öka medlemsantalet i Ödeshög, Åmål och Älmhult.\n";

    [Theory]
    [InlineData("utf8", "UTF-8")]
    [InlineData("utf8-bom", "UTF-8 med BOM")]
    [InlineData("utf16", "UTF-16")]
    [InlineData("cp1252", "Windows-1252")]
    public void Swedish_letters_survive_each_encoding(string encoding, string detected)
    {
        var bytes = encoding switch
        {
            "utf8" => Encoding.UTF8.GetBytes(SmallPlan),
            "utf8-bom" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(SmallPlan)],
            "utf16" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(SmallPlan)],
            _ => Encoding.GetEncoding(1252).GetBytes(SmallPlan),
        };
        var result = PlanFileReader.Read(new MemoryStream(bytes), "plan.md");
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("Verksamhetsplan 2025 för Vänsterpartiet Örebro län", result.Plan.Title);
        Assert.Equal("Distriktet ska öka medlemsantalet i Ödeshög, Åmål och Älmhult.", Assert.Single(result.Plan.Goals).Text);
        Assert.Equal(detected, result.Report.EncodingName);
        Assert.Equal("Text", result.Report.Format);
        Assert.Equal(encoding == "cp1252", result.Report.Notes.Any(n => n.Contains("Windows-1252", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_word_document_is_read_as_one_whatever_its_name()
    {
        var docx = Docx(body => body.Append(P("Verksamhetsplan 2025", style: "Heading1"), P("Mål", style: "Heading2"), Item("Distriktet ska växa.")));
        foreach (var name in new[] { "plan.docx", "plan.txt", "plan", null })
        {
            var result = PlanFileReader.Read(docx, name);
            Assert.True(result.Succeeded, result.Error);
            Assert.Equal("Word-dokument (.docx)", result.Report.Format);
            Assert.Equal("Distriktet ska växa.", Assert.Single(result.Plan.Goals).Text);
        }
    }

    [Theory]
    [InlineData(new byte[0], "plan.txt", "Filen är tom.")]
    [InlineData(new byte[] { 32, 10, 13, 10, 9 }, "plan.txt", "Filen innehåller ingen text.")]
    [InlineData(new byte[] { (byte)'T', (byte)'e', (byte)'x', (byte)'t' }, "plan.docx", "Filen heter .docx men är inget Word-dokument.")]
    [InlineData(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }, "plan.doc", "gamla Word-formatet (.doc)")]
    [InlineData(new byte[] { (byte)'%', (byte)'P', (byte)'D', (byte)'F', (byte)'-', (byte)'1' }, "plan.pdf", "Filen är en PDF.")]
    [InlineData(new byte[] { (byte)'{', (byte)'\\', (byte)'r', (byte)'t', (byte)'f', (byte)'1' }, "plan.rtf", "RTF-format")]
    [InlineData(new byte[] { (byte)'a', 0, (byte)'b', 0 }, "plan.txt", "binära data")]
    public void Files_that_cannot_be_read_are_refused_with_a_swedish_message(byte[] content, string name, string message)
    {
        var result = PlanFileReader.Read(new MemoryStream(content), name);
        Assert.False(result.Succeeded);
        Assert.Contains(message, result.Error);
        Assert.Null(result.Plan);
    }

    [Fact]
    public void A_zip_that_is_not_a_word_document_is_refused()
    {
        Assert.Equal("Filen är ett ZIP-arkiv men inget Word-dokument (.docx).", PlanFileReader.Read(Zip(("bilder/logga.png", "x")), "plan.docx").Error);
        Assert.Contains("Excel-dokument", PlanFileReader.Read(Zip(("xl/workbook.xml", "<workbook/>")), "plan.docx").Error);
        Assert.Contains("OpenDocument", PlanFileReader.Read(Zip(("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<x/>")), "plan.odt").Error);
        Assert.Contains("går inte att läsa", PlanFileReader.Read(Zip(("word/document.xml", "<w:document>")), "plan.docx").Error);
        Assert.Contains("går inte att öppna", PlanFileReader.Read("PK\u0003\u0004trasig"u8.ToArray(), "plan.docx").Error);
    }

    [Fact]
    public void A_word_document_without_text_is_refused()
    {
        var docx = Docx(body => body.Append(P(""), P("   ")));
        Assert.Equal("Word-dokumentet innehåller ingen text.", PlanFileReader.Read(docx, "plan.docx").Error);
    }

    [Fact]
    public void A_50_MB_file_is_refused_from_its_length_without_being_read()
    {
        var stream = new UnreadableStream(50L * 1024 * 1024);
        var clock = Stopwatch.StartNew();
        var result = PlanFileReader.Read(stream, "plan.docx");
        Assert.Equal("Filen är 50 MB; som mest 10 MB tas emot.", result.Error);
        Assert.True(clock.ElapsedMilliseconds < 100);

        Assert.Equal("Filen är 10,1 MB; som mest 10 MB tas emot.", PlanFileReader.Read(new UnreadableStream(PlanFileReader.MaxBytes + 1), "plan.txt").Error);
    }

    [Fact]
    public async Task A_stream_of_unknown_length_is_read_only_until_it_passes_the_limit()
    {
        var endless = new CountingStream();
        Assert.Equal("Filen är större än 10 MB; som mest 10 MB tas emot.", PlanFileReader.Read(endless, "plan.txt").Error);
        Assert.True(endless.BytesRead <= PlanFileReader.MaxBytes + 81920);

        var endlessAsync = new CountingStream();
        Assert.Equal("Filen är större än 10 MB; som mest 10 MB tas emot.", (await PlanFileReader.ReadAsync(endlessAsync, "plan.txt")).Error);
        Assert.True(endlessAsync.BytesRead <= PlanFileReader.MaxBytes + 81920);
    }

    [Fact]
    public async Task A_plan_arriving_through_a_stream_that_cannot_seek_is_read()
    {
        var bytes = Encoding.UTF8.GetBytes(SmallPlan);
        var result = await PlanFileReader.ReadAsync(new CountingStream(bytes), "plan.md");
        Assert.True(result.Succeeded, result.Error);
        Assert.Single(result.Plan.Goals);
    }

    [Fact]
    public void A_word_document_that_unpacks_to_far_more_than_a_plan_is_refused()
    {
        // Packed it is well under the limit; unpacked it is more text than any plan.
        var bomb = Docx(_ => { });
        using (var stream = new MemoryStream())
        {
            stream.Write(bomb);
            using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
            {
                zip.GetEntry("word/document.xml")!.Delete();
                using var writer = new StreamWriter(zip.CreateEntry("word/document.xml", CompressionLevel.Fastest).Open());
                writer.Write("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>Mål</w:t></w:r></w:p>");
                var padding = new string(' ', 1024 * 1024);
                for (var written = 0L; written <= PlanDocxReader.MaxCharactersInPart; written += padding.Length) writer.Write(padding);
                writer.Write("</w:body></w:document>");
            }
            bomb = stream.ToArray();
        }
        Assert.True(bomb.Length < PlanFileReader.MaxBytes);
        var result = PlanFileReader.Read(bomb, "plan.docx");
        Assert.False(result.Succeeded);
        Assert.Contains("för stor", result.Error);
    }

    [Fact]
    public void Two_thousand_goals_in_a_word_document_are_read_quickly()
    {
        var docx = Docx(body =>
        {
            body.Append(P("Verksamhetsplan 2025", style: "Heading1"), P("Mål", style: "Heading2"));
            for (var i = 1; i <= 2000; i++)
                body.Append(Item($"Distriktet ska genomföra insats {i} tillsammans med föreningarna."), Item($"Aktivitet {i}", level: 1));
        });
        var result = PlanFileReader.Read(docx, "plan.docx");
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(2000, result.Report.Goals);
        Assert.Equal(2000, result.Report.Activities);
        // The best of a few runs, so a busy test machine does not decide the outcome; almost all of it is the SDK loading the document.
        var fastest = Enumerable.Range(0, 3).Min(_ =>
        {
            var clock = Stopwatch.StartNew();
            PlanFileReader.Read(docx, "plan.docx");
            return clock.ElapsedMilliseconds;
        });
        Assert.True(fastest < 1000, $"{fastest} ms");
    }

    private static byte[] Zip(params (string Name, string Content)[] entries)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, content) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(content);
            }
        return stream.ToArray();
    }

    /// <summary>Says it is long and fails if anything reads it.</summary>
    private sealed class UnreadableStream(long length) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get; set; }
        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("The file was read.");
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A stream that cannot seek, like a request body: the given bytes, or "a" without end.</summary>
    private sealed class CountingStream(byte[]? content = null) : Stream
    {
        public long BytesRead { get; private set; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (content is not null) count = (int)Math.Min(count, content.Length - BytesRead);
            if (content is null) buffer.AsSpan(offset, count).Fill((byte)'a');
            else content.AsSpan((int)BytesRead, count).CopyTo(buffer.AsSpan(offset));
            BytesRead += count;
            return count;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
