namespace Vigil.ReplicationDriver.Client;

/// <summary>vigil-repd refused a control command; the message is its reason.</summary>
public sealed class ControlException : Exception
{
    /// <summary>Creates an exception without a reason.</summary>
    public ControlException()
    {
    }

    /// <summary>Creates an exception with the driver's reason.</summary>
    public ControlException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a reason and its cause.</summary>
    public ControlException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
