namespace Photopeak.Simulation.Acquisitions;

/// <summary>An area a tumour-spect bed images, by its centre on the phantom's axis (387 mm detector fields).</summary>
public enum TumourArea
{
    /// <summary>Lower chest and upper abdomen, centre z = 60 mm (the default first bed).</summary>
    ChestAbdomen,
    /// <summary>Abdomen and pelvis, centre z = −240 mm (the default second bed).</summary>
    AbdomenPelvis,
    /// <summary>Both knees, centre z = −725 mm (the whole-body phantom's legs).</summary>
    Knees,
}

/// <summary>Names and bed centres of <see cref="TumourArea"/>.</summary>
public static class TumourAreas
{
    /// <summary>The bed centre on the phantom's axis, mm (patient z, head positive).</summary>
    public static double CentreZMm(this TumourArea area) => area switch
    {
        TumourArea.ChestAbdomen => 60, TumourArea.AbdomenPelvis => -240, _ => -725,
    };

    /// <summary>The command-line name: chest-abdomen, abdomen-pelvis, knees.</summary>
    public static string Name(this TumourArea area) => area switch
    {
        TumourArea.ChestAbdomen => "chest-abdomen", TumourArea.AbdomenPelvis => "abdomen-pelvis", _ => "knees",
    };

    /// <summary>Reads a comma-separated list of area names; throws <see cref="ArgumentException"/> naming an unknown or repeated one.</summary>
    public static IReadOnlyList<TumourArea> Parse(string text)
    {
        var areas = new List<TumourArea>();
        foreach (var name in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var area = Enum.GetValues<TumourArea>().FirstOrDefault(a => a.Name() == name, (TumourArea)(-1));
            if (!Enum.IsDefined(area))
                throw new ArgumentException($"area '{name}' is not one of {string.Join(", ", Enum.GetValues<TumourArea>().Select(x => x.Name()))}");
            // The same area twice is one area imaged twice, not two areas (coding counts areas).
            if (areas.Contains(area)) throw new ArgumentException($"area '{name}' is named twice");
            areas.Add(area);
        }
        return areas;
    }
}
