using QRCoder;

namespace Distrikt.Infrastructure.Web;

/// <summary>QR codes as PNG data URIs (the content security policy allows data: images and nothing from elsewhere).</summary>
public static class QrCodes
{
    public static string PngDataUri(string text, int pixelsPerModule = 6)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(pixelsPerModule));
    }
}
