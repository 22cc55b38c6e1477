package pricefeed.core.ws.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pricefeed.core.ws.WebSocketProtocol;
import pricefeed.core.ws.testing.CountingAllocator;
import pricefeed.core.ws.testing.Hex;

/** Fragment joining: bounded by the limit, consumes its input, frees on release. */
class MessageAssemblerTest {

    private final CountingAllocator allocator = new CountingAllocator();
    private final MessageAssembler assembler = new MessageAssembler(10);

    @AfterEach
    void noLeaks() {
        assembler.release();
        allocator.assertAllReleased();
    }

    private ByteBuf bytes(String hex) {
        return Hex.buf(allocator.alloc(), hex);
    }

    @Test
    void joinsFragmentsIntoABufferThatCannotOutgrowTheLimit() {
        ByteBuf input = bytes("01 02 03 04 05 06 07 08 09 0a");
        assembler.begin(WebSocketProtocol.OPCODE_BINARY, input, 4);
        assembler.append(input, 0);
        assembler.append(input, 6);
        assertEquals(10, assembler.size());
        assertEquals(0, input.readableBytes(), "the fragments were consumed");
        ByteBuf message = assembler.finish();
        assertEquals("0102030405060708090a", Hex.of(message));
        assertEquals(10, message.maxCapacity());
        assertFalse(assembler.isOpen());
        message.release();
        input.release();
    }

    @Test
    void refusesToGoPastTheLimitOrToOpenTwice() {
        ByteBuf input = bytes("01 02 03 04 05 06 07 08 09 0a 0b");
        assembler.begin(WebSocketProtocol.OPCODE_TEXT, input, 10);
        assertThrows(IllegalStateException.class, () -> assembler.append(input, 1));
        assertThrows(IllegalStateException.class, () -> assembler.begin(WebSocketProtocol.OPCODE_TEXT, input, 0));
        assertTrue(assembler.isOpen());
        assertEquals(WebSocketProtocol.OPCODE_TEXT, assembler.opcode());
        input.release();
    }

    @Test
    void releaseFreesTheOpenMessage() {
        ByteBuf input = bytes("01 02 03");
        assembler.begin(WebSocketProtocol.OPCODE_BINARY, input, 3);
        input.release();
        assertTrue(allocator.usedBytes() > 0);
        assembler.release();
        assertEquals(0, allocator.usedBytes());
        assertFalse(assembler.isOpen());
        assertEquals(0, assembler.size());
        assertThrows(IllegalStateException.class, assembler::opcode);
        assertThrows(IllegalStateException.class, assembler::finish);
    }
}
