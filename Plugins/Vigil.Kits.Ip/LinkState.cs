namespace Vigil.Kits.Ip;

/// <summary>One interface's link as <c>ip -o link show</c> reports it.</summary>
internal sealed record LinkState(string Name, bool AdminUp, bool Carrier)
{
    /// <summary>Usable: administratively up and with carrier (LOWER_UP).</summary>
    public bool IsUp => AdminUp && Carrier;

    /// <summary>Why the link is not usable, for exit reasons.</summary>
    public string Problem => !AdminUp ? "link administratively down" : !Carrier ? "no carrier (cable or peer down)" : "up";
}
