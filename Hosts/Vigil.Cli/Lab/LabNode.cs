namespace Vigil.Cli.Lab;

/// <summary>One lab node as recorded in <c>lab.json</c>.</summary>
internal sealed record LabNode(string Name, int UdpPort, int TcpPort)
{
    public int? Pid { get; set; }
}
