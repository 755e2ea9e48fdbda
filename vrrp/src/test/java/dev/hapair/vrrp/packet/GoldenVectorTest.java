package dev.hapair.vrrp.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.Inet4Address;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every frame of every capture from keepalived 2.2.7: decoded fields equal tcpdump's decode, and the fields
 * (taken from tcpdump's text, not from our decoder) encode back to the captured bytes.
 */
class GoldenVectorTest {
    private final VrrpCodec codec = new VrrpCodec();

    @TestFactory
    List<DynamicTest> everyFrameOfEveryCapture() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path pcap : GoldenVectors.captures()) {
            PcapFile file = PcapFile.read(pcap);
            List<TcpdumpText.Frame> expected = TcpdumpText.read(GoldenVectors.textFor(pcap));
            String name = pcap.getFileName().toString();
            tests.add(DynamicTest.dynamicTest(name + " frame count", () -> {
                assertEquals(PcapFile.LINKTYPE_ETHERNET, file.linkType());
                assertEquals(expected.size(), file.records().size());
            }));
            for (int i = 0; i < Math.min(expected.size(), file.records().size()); i++) {
                PcapFile.Record rec = file.records().get(i);
                TcpdumpText.Frame exp = expected.get(i);
                tests.add(DynamicTest.dynamicTest(name + " #" + (i + 1), () -> checkFrame(rec, exp)));
            }
        }
        return tests;
    }

    private void checkFrame(PcapFile.Record rec, TcpdumpText.Frame exp) {
        byte[] frame = rec.data();
        assertArrayEquals(exp.bytes(), frame, "pcap bytes differ from the tcpdump hex");
        assertEquals(exp.frameLength(), frame.length);
        EthernetFrame eth = EthernetFrame.parse(frame).orElseThrow();
        assertEquals(MacAddress.parse(exp.srcMac()), eth.source());
        assertEquals(MacAddress.parse(exp.dstMac()), eth.destination());
        assertArrayEquals(frame, eth.encode());
        if (exp.etherType().equals("IPv4")) {
            checkAdvert(eth, exp);
        } else if (exp.etherType().equals("ARP")) {
            checkGarp(frame, eth, exp);
        } else {
            fail("unexpected ethertype " + exp.etherType());
        }
    }

    private void checkAdvert(EthernetFrame eth, TcpdumpText.Frame exp) {
        assertEquals(EthernetFrame.ETHERTYPE_IPV4, eth.etherType());
        byte[] ipPacket = eth.payload();
        DecodeResult r = codec.decodeIpv4(ipPacket);
        DecodeResult.Accepted ok = assertInstanceOf(DecodeResult.Accepted.class, r, () -> r.toString());
        Ipv4Header ip = ok.ipHeader();
        VrrpAdvert adv = ok.advert();
        Inet4Address src = Ipv4Addresses.parse(exp.ipSrc());
        Inet4Address dst = Ipv4Addresses.parse(exp.ipDst());
        assertEquals(exp.tos(), ip.tos());
        assertEquals(exp.ttl(), ip.ttl());
        assertEquals(exp.ipId(), ip.identification());
        assertEquals(exp.ipLength(), ip.totalLength());
        assertEquals(src, ip.source());
        assertEquals(dst, ip.destination());
        assertEquals(Checksums.IPPROTO_VRRP, ip.protocol());
        assertEquals(MacAddress.parse("01:00:5e:00:00:12"), eth.destination());
        assertEquals(Ipv4Header.VRRP_MULTICAST, dst);

        assertEquals(exp.vrrpVersion(), adv.version());
        assertEquals(VrrpAdvert.TYPE_ADVERTISEMENT, adv.type());
        assertEquals(exp.vrid(), adv.vrid());
        assertEquals(exp.priority(), adv.priority());
        assertEquals(exp.intervalCentis(), adv.advertIntervalCentis());
        assertEquals(exp.vrrpLength(), adv.encodedLength());
        List<Inet4Address> addrs =
                exp.addresses().stream().map(Ipv4Addresses::parse).toList();
        assertEquals(addrs, adv.addresses());
        int wireChecksum = ((ipPacket[26] & 0xff) << 8) | (ipPacket[27] & 0xff);
        assertEquals(wireChecksum, adv.checksum());

        VrrpAdvert fromText;
        if (exp.vrrpVersion() == 2) {
            int authType =
                    switch (exp.authType()) {
                        case "none" -> VrrpAdvert.AUTH_NONE;
                        case "simple" -> VrrpAdvert.AUTH_PASS;
                        default -> throw new AssertionError("auth " + exp.authType());
                    };
            assertEquals(authType, adv.authType());
            String password = exp.password() == null ? "" : exp.password();
            assertEquals(password, adv.authPassword());
            // keepalived pads the password with zeros, and sends 8 zero bytes with auth type 0
            assertArrayEquals(VrrpAdvert.passwordBytes(password), adv.authData());
            assertEquals(exp.intervalCentis() / 100, adv.advertIntervalSeconds());
            fromText = VrrpAdvert.v2(
                    exp.vrid(),
                    exp.priority(),
                    authType,
                    VrrpAdvert.passwordBytes(password),
                    exp.intervalCentis() / 100,
                    addrs);
        } else {
            fromText = VrrpAdvert.v3(exp.vrid(), exp.priority(), exp.intervalCentis(), addrs);
        }
        byte[] vrrpBytes = Arrays.copyOfRange(ipPacket, ip.headerLength(), ip.totalLength());
        assertArrayEquals(vrrpBytes, codec.encode(fromText, src, dst), "VRRP message re-encoded from tcpdump fields");
        assertArrayEquals(vrrpBytes, codec.encode(adv, src, dst), "VRRP message re-encoded from decoded advert");
        assertEquals(fromText.withChecksum(wireChecksum), adv);
        assertArrayEquals(ipPacket, codec.encodeIpv4(fromText, src, dst, exp.ipId()), "whole IPv4 packet");

        // the same advert passes the receive checks of an instance configured like the capture's
        ReceivePolicy policy = exp.vrrpVersion() == 2
                ? ReceivePolicy.v2(
                        exp.vrid(),
                        adv.authType(),
                        VrrpAdvert.passwordBytes(adv.authPassword()),
                        adv.advertIntervalSeconds(),
                        Set.copyOf(addrs))
                : ReceivePolicy.v3(exp.vrid(), 100, Set.copyOf(addrs));
        DecodeResult filtered = new AdvertFilter(policy, codec, new DropCounters()).receive(ipPacket);
        assertTrue(filtered.accepted(), () -> filtered.toString());
    }

    private void checkGarp(byte[] frame, EthernetFrame eth, TcpdumpText.Frame exp) {
        assertEquals(EthernetFrame.ETHERTYPE_ARP, eth.etherType());
        ArpPacket arp = GarpFrames.parse(frame).orElseThrow();
        Inet4Address vip = Ipv4Addresses.parse(exp.arpWhoHas());
        assertEquals(ArpPacket.OP_REQUEST, arp.opcode());
        assertEquals(vip, arp.targetIp());
        assertEquals(Ipv4Addresses.parse(exp.arpTell()), arp.senderIp());
        assertTrue(arp.isGratuitous());
        assertEquals(MacAddress.parse(exp.arpTargetMac()), arp.targetMac());
        assertEquals(MacAddress.BROADCAST, arp.targetMac());
        assertEquals(MacAddress.BROADCAST, arp.ethDestination());
        MacAddress sender = MacAddress.parse(exp.srcMac());
        assertEquals(sender, arp.senderMac());
        assertEquals(sender, arp.ethSource());
        assertEquals(GarpFrames.FRAME_LENGTH, frame.length);
        assertArrayEquals(frame, GarpFrames.gratuitousArp(sender, vip), "GARP rebuilt from tcpdump fields");
        assertArrayEquals(frame, GarpFrames.encode(arp));
    }

    @Test
    void pcapWriterRoundTripsEveryCapture() throws IOException {
        for (Path pcap : GoldenVectors.captures()) {
            PcapFile file = PcapFile.read(pcap);
            PcapFile again = PcapFile.parse(PcapFile.write(file.linkType(), file.records()));
            assertEquals(file.records(), again.records(), pcap.toString());
        }
    }
}
