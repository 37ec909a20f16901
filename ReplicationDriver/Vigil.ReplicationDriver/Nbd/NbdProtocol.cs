namespace Vigil.ReplicationDriver.Nbd;

/// <summary>Numbers from the NBD protocol document (newstyle fixed handshake, simple replies).</summary>
internal static class NbdProtocol
{
    public const ulong NbdMagic = 0x4e42444d41474943; // "NBDMAGIC"
    public const ulong IHaveOpt = 0x49484156454F5054; // "IHAVEOPT"
    public const ulong OptReplyMagic = 0x3e889045565a9;
    public const uint RequestMagic = 0x25609513;
    public const uint SimpleReplyMagic = 0x67446698;

    public const ushort FlagFixedNewstyle = 1;
    public const ushort FlagNoZeroes = 2;
    public const uint ClientFlagFixedNewstyle = 1;
    public const uint ClientFlagNoZeroes = 2;

    public const uint OptExportName = 1;
    public const uint OptAbort = 2;
    public const uint OptList = 3;
    public const uint OptStartTls = 5;
    public const uint OptInfo = 6;
    public const uint OptGo = 7;
    public const uint OptStructuredReply = 8;

    public const uint RepAck = 1;
    public const uint RepServer = 2;
    public const uint RepInfo = 3;
    public const uint RepErrUnsup = 0x80000001;
    public const uint RepErrPolicy = 0x80000002;
    public const uint RepErrInvalid = 0x80000003;
    public const uint RepErrTlsReqd = 0x80000005;
    public const uint RepErrUnknown = 0x80000006;

    public const ushort InfoExport = 0;
    public const ushort InfoName = 1;
    public const ushort InfoBlockSize = 3;

    public const ushort TransHasFlags = 1;
    public const ushort TransSendFlush = 1 << 2;
    public const ushort TransSendFua = 1 << 3;
    public const ushort TransSendTrim = 1 << 5;
    public const ushort TransCanMultiConn = 1 << 8;

    public const ushort CmdRead = 0;
    public const ushort CmdWrite = 1;
    public const ushort CmdDisc = 2;
    public const ushort CmdFlush = 3;
    public const ushort CmdTrim = 4;
    public const ushort CmdFlagFua = 1;

    public const int EPerm = 1;
    public const int EIo = 5;
    public const int EInval = 22;
    public const int ENoSpc = 28;
    public const int ENotSup = 95;
    public const int EShutdown = 108;

    /// <summary>Largest READ/WRITE payload accepted (the protocol's customary 32 MiB).</summary>
    public const int MaxPayload = 32 << 20;

    public const int RequestSize = 28;
    public const int SimpleReplySize = 16;
}
