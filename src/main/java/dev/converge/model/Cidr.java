package dev.converge.model;

/** An IPv4 CIDR block, parsed strictly so that specs and AWS responses compare in one canonical form. */
public record Cidr(long network, int prefix) {

    /** Parses {@code a.b.c.d/n}; host bits must be zero, as AWS requires for VPC and subnet blocks. */
    public static Cidr parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("CIDR is missing");
        }
        String[] parts = text.trim().split("/", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("'" + text + "' is not a CIDR block (expected a.b.c.d/n)");
        }
        long address = parseIpv4(parts[0], text);
        int prefix;
        try {
            prefix = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has an invalid prefix length");
        }
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0..32");
        }
        long mask = mask(prefix);
        if ((address & ~mask & 0xFFFFFFFFL) != 0) {
            throw new IllegalArgumentException(
                    "'" + text + "' has host bits set; the block is " + format(address & mask) + "/" + prefix);
        }
        return new Cidr(address, prefix);
    }

    /** Whether the text is an IPv6 block; IPv6 is accepted only where AWS takes it (security group rules). */
    public static boolean isIpv6(String text) {
        return text != null && text.contains(":");
    }

    /**
     * The canonical form of a block for comparing rule peers with what AWS returns. IPv6 blocks are only
     * lower-cased: AWS echoes them in the compressed form users write.
     */
    public static String normalize(String text) {
        return isIpv6(text) ? text.trim().toLowerCase(java.util.Locale.ROOT) : parse(text).toString();
    }

    public boolean contains(Cidr other) {
        return other.prefix >= prefix && (other.network & mask(prefix)) == network;
    }

    public boolean overlaps(Cidr other) {
        return contains(other) || other.contains(this);
    }

    @Override
    public String toString() {
        return format(network) + "/" + prefix;
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    private static long parseIpv4(String address, String whole) {
        String[] octets = address.split("\\.", -1);
        if (octets.length != 4) {
            throw new IllegalArgumentException("'" + whole + "' is not a CIDR block (expected a.b.c.d/n)");
        }
        long value = 0;
        for (String octet : octets) {
            int part;
            try {
                part = Integer.parseInt(octet);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + whole + "' has an invalid address");
            }
            if (part < 0 || part > 255 || octet.length() > 3) {
                throw new IllegalArgumentException("'" + whole + "' has an octet outside 0..255");
            }
            value = (value << 8) | part;
        }
        return value;
    }

    private static String format(long address) {
        return ((address >> 24) & 0xFF) + "." + ((address >> 16) & 0xFF) + "." + ((address >> 8) & 0xFF) + "."
                + (address & 0xFF);
    }
}
