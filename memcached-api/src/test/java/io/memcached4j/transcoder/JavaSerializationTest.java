package io.memcached4j.transcoder;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Java serialization reads only the classes its caller named, and never creates a refused one. */
class JavaSerializationTest {
    record Cart(String owner, long total, int[] counts) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    record Basket(List<String> lines) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    /** Deserialization runs the no-argument constructor of the first class that is not serializable. */
    static class GadgetBase {
        static final AtomicInteger CREATED = new AtomicInteger();

        GadgetBase() {
            CREATED.incrementAndGet();
        }
    }

    /** Stands for a gadget class: it counts every instance created and every {@code readObject} run. */
    static final class Gadget extends GadgetBase implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        static final AtomicInteger READS = new AtomicInteger();

        @Serial
        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            READS.incrementAndGet();
        }
    }

    static final class Node implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        Node next;
    }

    @BeforeEach
    void reset() {
        Gadget.READS.set(0);
    }

    private static EncodedValue serializedGadget() {
        EncodedValue gadget = Transcoders.serialized(Gadget.class).encode(new Gadget());
        GadgetBase.CREATED.set(0);
        return gadget;
    }

    @Test
    void anAllowedClassRoundTrips() {
        Transcoder<Cart> carts = Transcoders.serialized(Cart.class);
        Cart cart = new Cart("ada", 42, new int[] {1, 2});
        EncodedValue encoded = carts.encode(cart);
        assertEquals(1, encoded.flags());
        Cart read = carts.decode(encoded.value(), encoded.flags());
        assertEquals("ada", read.owner());
        assertEquals(42, read.total());
        assertEquals(2, read.counts()[1]);
    }

    @Test
    void aClassNotNamedIsRefusedAndNeverInstantiated() {
        EncodedValue gadget = serializedGadget();

        TranscoderException e = assertThrows(TranscoderException.class,
                () -> Transcoders.serialized(Cart.class).decode(gadget.value(), gadget.flags()));
        assertEquals("refused to deserialize " + Gadget.class.getName() + ": it is not among the classes this"
                + " transcoder may deserialize [" + Cart.class.getName() + "]; name it (and its serializable"
                + " superclasses and field types) to allow it", e.getMessage());
        assertEquals(0, GadgetBase.CREATED.get(), "the refused class was never instantiated");
        assertEquals(0, Gadget.READS.get(), "nor its readObject run");

        assertThrows(TranscoderException.class,
                () -> Transcoders.spymemcached(Compression.none(), Cart.class).decode(gadget.value(), gadget.flags()));
        assertEquals(0, GadgetBase.CREATED.get());

        Transcoders.serialized(Gadget.class).decode(gadget.value(), gadget.flags());
        assertEquals(1, GadgetBase.CREATED.get(), "the counters do count an allowed read");
        assertEquals(1, Gadget.READS.get());
    }

    @Test
    void aClassInsideAnAllowedOneMustBeNamedToo() {
        EncodedValue basket = Transcoders.serialized(Basket.class).encode(new Basket(new ArrayList<>(List.of("tea"))));
        TranscoderException e = assertThrows(TranscoderException.class,
                () -> Transcoders.serialized(Basket.class).decode(basket.value(), basket.flags()));
        assertTrue(e.getMessage().startsWith("refused to deserialize java.util.ArrayList"), e.getMessage());
        Basket read = Transcoders.serialized(Basket.class, ArrayList.class).decode(basket.value(), basket.flags());
        assertEquals(List.of("tea"), read.lines());
    }

    @Test
    void serializationIsOffUnlessClassesAreNamed() {
        Transcoder<Object> spy = Transcoders.spymemcached(Compression.none());
        EncodedValue gadget = serializedGadget();
        assertEquals(1, gadget.flags());
        TranscoderException e = assertThrows(TranscoderException.class, () -> spy.decode(gadget.value(), gadget.flags()));
        assertTrue(e.getMessage().contains("Java serialization is off"), e.getMessage());
        assertEquals(0, GadgetBase.CREATED.get());
    }

    @Test
    void aValueOfAnotherAllowedTypeIsRefused() {
        EncodedValue gadget = serializedGadget();
        TranscoderException e = assertThrows(TranscoderException.class,
                () -> Transcoders.serialized(Cart.class, Gadget.class).decode(gadget.value(), gadget.flags()));
        assertEquals("the serialized object is a " + Gadget.class.getName() + ", not a " + Cart.class.getName(),
                e.getMessage());
    }

    @Test
    void aDeepObjectGraphIsRefused() {
        Node head = new Node();
        Node tail = head;
        for (int i = 0; i < 100; i++) {
            tail.next = new Node();
            tail = tail.next;
        }
        EncodedValue chain = Transcoders.serialized(Node.class).encode(head);
        TranscoderException e = assertThrows(TranscoderException.class,
                () -> Transcoders.serialized(Node.class).decode(chain.value(), chain.flags()));
        assertTrue(e.getMessage().contains("over the limits"), e.getMessage());
    }

    @Test
    void aStringValueIsNotASerializedObject() {
        TranscoderException e = assertThrows(TranscoderException.class,
                () -> Transcoders.serialized(Cart.class).decode(new byte[] {'x'}, 0));
        assertTrue(e.getMessage().startsWith("the value holds a string"), e.getMessage());
    }

    @Test
    void aNonSerializableValueIsRefusedBeforeAnythingIsSent() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Transcoders.spymemcached(Compression.none()).encode(new Object()));
        assertTrue(e.getMessage().contains("java.lang.Object is not Serializable"), e.getMessage());
    }
}
