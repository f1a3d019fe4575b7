using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Photopeak.Dicom;

// The node's receiving speed (issue 15): 200 NM instances of 2 MiB (64 frames of 128 x 128, 16 bit) sent by DCMTK storescu
// over one association to `photopeak serve` (every instance written to tmp/, fsync of file and folder, renamed, indexed in
// SQLite with synchronous=FULL before success), to DCMTK storescp (writes files, no fsync, no index) and to Orthanc (its own
// storage and SQLite index), all on loopback in one run, interleaved, three rounds; prints each median and the ratio to
// storescp (goal: <= 1). The peers accept their largest PDU (storescp and Orthanc 128 KiB, their maximum; the node 256 KiB,
// its default); at their 16 KiB defaults they take the same time, so the PDU is not what separates them. Needs dcmtk and orthanc (scripts/install-packages) and a Release build of photopeak.
const int Instances = 200, Frames = 64, Size = 128;
var root = Directory.CreateTempSubdirectory("photopeak-bench-node-").FullName;
var repository = new DirectoryInfo(AppContext.BaseDirectory);
while (repository is not null && !File.Exists(Path.Combine(repository.FullName, "Photopeak.slnx"))) repository = repository.Parent;
var photopeak = Path.Combine(repository?.FullName ?? throw new DirectoryNotFoundException("Photopeak.slnx not found above the bench"),
    "src", "Photopeak.Cli", "bin", "Release", "net10.0", "photopeak.dll");
if (!File.Exists(photopeak)) throw new FileNotFoundException($"{photopeak} is missing: dotnet build src/Photopeak.Cli -c Release");
try
{
    var files = WriteStudy(Path.Combine(root, "study"));
    var megabytes = files.Sum(f => new FileInfo(f).Length) / 1e6;
    Console.WriteLine($"node bench: {Instances} NM instances, {megabytes:0} MB in all, one association from storescu, loopback, {Environment.ProcessorCount} cores");
    var times = new Dictionary<string, List<double>> { ["photopeak serve"] = [], ["dcmtk storescp"] = [], ["orthanc"] = [] };
    for (var round = 0; round < 3; round++)
    {
        foreach (var peer in times.Keys)
        {
            var folder = Directory.CreateDirectory(Path.Combine(root, $"{peer.Replace(' ', '-')}-{round}")).FullName;
            var port = FreePort();
            var (server, ae) = peer switch
            {
                "photopeak serve" => (Start("dotnet", [photopeak, "serve", "--data", folder, "--bind", "127.0.0.1", "--dicom-port", port.ToString(), "--no-processing", "--no-http"]), "PHOTOPEAK"),
                "dcmtk storescp" => (Start("storescp", ["-aet", "STORESCP", "--max-pdu", "131072", "-od", folder, port.ToString()]), "STORESCP"),
                _ => (StartOrthanc(folder, port), "ORTHANC"),
            };
            try
            {
                WaitUntilListening(port, server);
                var clock = Stopwatch.StartNew();
                var send = Start("storescu", ["-aec", ae, "-aet", "BENCH", "127.0.0.1", port.ToString(), .. files]);
                send.WaitForExit();
                var seconds = clock.Elapsed.TotalSeconds;
                if (send.ExitCode != 0) throw new InvalidOperationException($"storescu to {peer} exited {send.ExitCode}");
                var stored = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Count(f => new FileInfo(f).Length > 1_000_000);
                if (stored < Instances) throw new InvalidOperationException($"{peer} holds {stored} of {Instances} instances after storescu succeeded");
                times[peer].Add(seconds);
                Console.WriteLine($"round {round + 1}, {peer}: {seconds:0.00} s ({megabytes / seconds:0} MB/s)");
            }
            finally
            {
                server.Kill(entireProcessTree: true);
                server.WaitForExit();
            }
        }
    }
    double Median(string peer) => times[peer].Order().ElementAt(1);
    var reference = Median("dcmtk storescp");
    foreach (var peer in times.Keys)
        Console.WriteLine($"{peer,-16} median {Median(peer):0.00} s, {megabytes / Median(peer):0} MB/s, {Median(peer) / reference:0.00}x storescp's time");
}
finally
{
    Directory.Delete(root, recursive: true);
}

static List<string> WriteStudy(string folder)
{
    Directory.CreateDirectory(folder);
    var study = DicomUid.Generate();
    var series = DicomUid.Generate();
    var pixels = new byte[Frames * Size * Size * 2];
    new Random(1).NextBytes(pixels);
    var files = new List<string>();
    for (var i = 0; i < Instances; i++)
    {
        var ds = new DicomDataset();
        ds.Set(DicomTags.SOPClassUID, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.20");
        ds.Set(DicomTags.SOPInstanceUID, DicomVR.UI, DicomUid.Generate());
        ds.Set(DicomTags.StudyInstanceUID, DicomVR.UI, study);
        ds.Set(DicomTags.SeriesInstanceUID, DicomVR.UI, series);
        ds.Set(DicomTags.Modality, DicomVR.CS, "NM");
        ds.Set(DicomTags.PatientID, DicomVR.LO, "BENCH");
        ds.SetNumbers(DicomTags.InstanceNumber, DicomVR.IS, i + 1);
        ds.SetNumbers(DicomTags.NumberOfFrames, DicomVR.IS, Frames);
        ds.SetNumbers(DicomTags.Rows, DicomVR.US, Size);
        ds.SetNumbers(DicomTags.Columns, DicomVR.US, Size);
        ds.SetNumbers(DicomTags.BitsAllocated, DicomVR.US, 16);
        ds.SetNumbers(DicomTags.BitsStored, DicomVR.US, 16);
        ds.SetNumbers(DicomTags.HighBit, DicomVR.US, 15);
        ds.SetNumbers(DicomTags.PixelRepresentation, DicomVR.US, 0);
        ds.SetNumbers(DicomTags.SamplesPerPixel, DicomVR.US, 1);
        ds.Set(DicomTags.PhotometricInterpretation, DicomVR.CS, "MONOCHROME2");
        ds.SetBytes(DicomTags.PixelData, DicomVR.OW, pixels);
        var path = Path.Combine(folder, $"{i:D3}.dcm");
        new DicomFile(new DicomDataset(), ds, TransferSyntax.ExplicitVRLittleEndian).Save(path);
        files.Add(path);
    }
    return files;
}

static Process Start(string program, IReadOnlyList<string> arguments)
{
    var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    foreach (var a in arguments) psi.ArgumentList.Add(a);
    var p = Process.Start(psi)!;
    p.OutputDataReceived += (_, _) => { };
    p.ErrorDataReceived += (_, _) => { };
    p.BeginOutputReadLine();
    p.BeginErrorReadLine();
    return p;
}

// Orthanc with its storage and index in the folder, DICOM on the port, HTTP on another free port refusing remote access.
static Process StartOrthanc(string folder, int dicomPort)
{
    var config = new JsonObject
    {
        ["Name"] = "PHOTOPEAK-BENCH",
        ["StorageDirectory"] = Path.Combine(folder, "storage"),
        ["IndexDirectory"] = Path.Combine(folder, "index"),
        ["HttpPort"] = FreePort(),
        ["DicomPort"] = dicomPort,
        ["RemoteAccessAllowed"] = false,
        ["AuthenticationEnabled"] = false,
        ["MaximumPduLength"] = 131072,
    };
    var path = Path.Combine(folder, "orthanc.json");
    File.WriteAllText(path, config.ToJsonString());
    return Start("Orthanc", [path]);
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static void WaitUntilListening(int port, Process server)
{
    var deadline = DateTime.UtcNow.AddSeconds(30);
    while (true)
    {
        try
        {
            using var probe = new TcpClient();
            probe.Connect(IPAddress.Loopback, port);
            return;
        }
        catch (SocketException) when (DateTime.UtcNow < deadline && !server.HasExited)
        {
            Thread.Sleep(50);
        }
    }
}
