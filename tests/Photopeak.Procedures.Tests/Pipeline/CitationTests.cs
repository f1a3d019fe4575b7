using System.Text.RegularExpressions;

namespace Photopeak.Procedures.Tests.Pipeline;

/// <summary>Every source cited in a code comment as [Author2010] resolves in docs/references.md.</summary>
public sealed partial class CitationTests
{
    [GeneratedRegex(@"\[([A-Z][A-Za-z]+[0-9]{4}[a-z]?|DDEP|DICOM)\]")]
    private static partial Regex Citation();

    [Fact]
    public void Every_citation_in_the_source_is_listed_in_docs_references()
    {
        var repository = FindRepository();
        var listed = File.ReadAllLines(Path.Combine(repository, "docs", "references.md"))
            .Select(l => Regex.Match(l, @"^- \[([^\]]+)\]")).Where(m => m.Success).Select(m => m.Groups[1].Value).ToHashSet();
        var cited = Directory.EnumerateFiles(Path.Combine(repository, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => Citation().Matches(File.ReadAllText(f)).Select(m => (Tag: m.Groups[1].Value, File: Path.GetFileName(f))))
            .ToList();
        Assert.True(cited.Count > 20, "the scan found almost no citations: is the source tree where the test expects it?");
        var missing = cited.Where(c => !listed.Contains(c.Tag)).Select(c => $"{c.Tag} ({c.File})").Distinct().ToList();
        Assert.True(missing.Count == 0, "cited but not in docs/references.md: " + string.Join(", ", missing));
    }

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Photopeak.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Photopeak.slnx not found above " + AppContext.BaseDirectory);
    }
}
