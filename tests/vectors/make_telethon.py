"""Writes the envelope vectors in this folder with Telethon, an independent
MTProto implementation (Python): the bytes tests/envelope.rs reads.

    python3 -m venv venv && venv/bin/pip install telethon==1.45.0
    venv/bin/python tests/vectors/make_telethon.py

Every object is serialised by Telethon's own classes and every message is
framed by Telethon's own `MTProtoState.write_data_as_message` (which also
gzips a large body as Telethon does). Only the `rpc_result` header, which a
client never writes, is packed here. Telethon then reads the container back
and must find the same objects.

Writes:
- telethon_container.bin: a `msg_container` of eight messages;
- telethon_container.tsv: per message, its byte range in the .bin, msg_id,
  seqno, and what it holds, for the test to compare against;
- telethon_invoke.bin: invokeWithLayer(initConnection(auth.acceptLoginToken)),
  and telethon_invoke.tsv: the values it was made from;
- telethon_key_exchange.tsv: each message of the auth-key exchange, by its
  schema name, as hex. Their binary fields (pq, p, q, dh_prime, g_a, g_b,
  the encrypted blobs) hold bytes from a seeded generator, most of them not
  UTF-8, as a real exchange does; the numbers are Telegram's published
  2048-bit prime and a product of two primes, as a server sends them.
"""

import datetime
import io
import itertools
import logging
import pathlib
import random
import struct

import telethon
from telethon.extensions import BinaryReader
from telethon.network.mtprotostate import MTProtoState
from telethon.tl import functions, types
from telethon.tl.core import GzipPacked, MessageContainer, RpcResult
from telethon.tl.core import gzippacked

# Telethon packs with `gzip.compress`, which stamps the time: stamp 0 so
# that the script writes the same bytes on every run.
_compress = gzippacked.gzip.compress
gzippacked.gzip.compress = lambda data: _compress(data, mtime=0)

HERE = pathlib.Path(__file__).resolve().parent
LAYER = 214


class Loggers(dict):
    def __missing__(self, key):
        return logging.getLogger(key)


def authorization(device_model, app_name):
    when = datetime.datetime(2024, 5, 1, tzinfo=datetime.timezone.utc)
    return types.Authorization(
        hash=0x1122334455667788,
        device_model=device_model,
        platform="Android",
        system_version="SDK 34",
        api_id=6,
        app_name=app_name,
        app_version="10.12.0",
        date_created=when,
        date_active=when,
        ip="203.0.113.7",
        country="Netherlands",
        region="North Holland",
        current=True,
    )


def rpc_result(req_msg_id, result_bytes):
    return struct.pack("<Iq", RpcResult.CONSTRUCTOR_ID, req_msg_id) + result_bytes


def container():
    state = MTProtoState(None, Loggers())
    # Server messages have odd ids; fixed ones keep the file stable.
    ids = itertools.count(0x6553_F100_0000_0001, 4)
    state._get_new_msg_id = lambda: next(ids)

    # A large answer: Telethon packs it, being smaller gzipped.
    packed = authorization("Pixel 8 Pro " + "x" * 600, "Telegram Android " + "y" * 300)
    packed_body = GzipPacked.gzip_if_smaller(True, bytes(packed))
    assert packed_body[:4] == struct.pack("<I", GzipPacked.CONSTRUCTOR_ID)

    messages = [
        ("answer", "1000\tPixel 8 Pro", True,
         rpc_result(1000, bytes(authorization("Pixel 8 Pro", "Telegram Android")))),
        ("error", "1001\tAUTH_TOKEN_EXPIRED", True,
         rpc_result(1001, bytes(types.RpcError(400, "AUTH_TOKEN_EXPIRED")))),
        ("packed_answer", f"1002\t{packed.device_model}", True,
         rpc_result(1002, packed_body)),
        ("service", "msgs_ack", False, bytes(types.MsgsAck([11, 12, 13]))),
        ("service", "new_session_created", False,
         bytes(types.NewSessionCreated(first_msg_id=21, unique_id=22, server_salt=23))),
        ("service", "bad_server_salt", False,
         bytes(types.BadServerSalt(bad_msg_id=31, bad_msg_seqno=32, error_code=48,
                                   new_server_salt=33))),
        ("service", "pong", False, bytes(types.Pong(msg_id=41, ping_id=42))),
        # A constructor of Telethon's layer that layer 214 does not have.
        ("unknown", f"{types.UpdateChatParticipantRank.CONSTRUCTOR_ID:08x}", True,
         bytes(types.UpdateChatParticipantRank(chat_id=51, user_id=52, rank="admin",
                                               version=2))),
    ]
    buffer = io.BytesIO()
    rows = []
    for kind, detail, content_related, body in messages:
        start = buffer.tell()
        # The rpc_result bodies are small enough that Telethon sends them as
        # they are; the packed answer was packed above.
        msg_id = state.write_data_as_message(buffer, body, content_related)
        end = buffer.tell()
        seqno = struct.unpack_from("<i", buffer.getvalue(), start + 8)[0]
        rows.append((start + 8, end + 8, msg_id, seqno, kind, detail))
    # As Telethon's MessagePacker writes a container.
    data = struct.pack("<Ii", MessageContainer.CONSTRUCTOR_ID, len(messages)) + buffer.getvalue()

    # Telethon reads its container back into the same objects.
    read = BinaryReader(data).tgread_object()
    assert isinstance(read, MessageContainer) and len(read.messages) == len(messages)
    for message, (_, _, msg_id, seqno, kind, _) in zip(read.messages, rows):
        assert (message.msg_id, message.seq_no) == (msg_id, seqno)
        if kind in ("answer", "error", "packed_answer"):
            assert isinstance(message.obj, RpcResult), message.obj
    # Telethon hands a packed result over inflated, as bytes.
    inflated = BinaryReader(read.messages[2].obj.body).tgread_object()
    assert inflated.device_model == packed.device_model
    assert read.messages[1].obj.error.error_message == "AUTH_TOKEN_EXPIRED"

    (HERE / "telethon_container.bin").write_bytes(data)
    with open(HERE / "telethon_container.tsv", "w") as f:
        f.write(f"# made by make_telethon.py with Telethon {telethon.__version__}\n")
        f.write("# start\tend\tmsg_id\tseqno\tkind\tdetail...\n")
        for row in rows:
            f.write("\t".join(str(x) for x in row) + "\n")


def invoke():
    values = dict(
        layer=LAYER,
        api_id=6,
        device_model="Pixel 8 Pro",
        system_version="SDK 34",
        app_version="10.12.0",
        system_lang_code="en",
        lang_pack="android",
        lang_code="en",
        token=bytes(range(1, 33)),
    )
    request = functions.InvokeWithLayerRequest(
        layer=values["layer"],
        query=functions.InitConnectionRequest(
            api_id=values["api_id"],
            device_model=values["device_model"],
            system_version=values["system_version"],
            app_version=values["app_version"],
            system_lang_code=values["system_lang_code"],
            lang_pack=values["lang_pack"],
            lang_code=values["lang_code"],
            query=functions.auth.AcceptLoginTokenRequest(token=values["token"]),
        ),
    )
    (HERE / "telethon_invoke.bin").write_bytes(bytes(request))
    with open(HERE / "telethon_invoke.tsv", "w") as f:
        f.write(f"# made by make_telethon.py with Telethon {telethon.__version__}\n")
        for key, value in values.items():
            f.write(f"{key}\t{value.hex() if isinstance(value, bytes) else value}\n")


# Telegram's 2048-bit Diffie-Hellman prime, as the server sends it.
DH_PRIME = int(
    "c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f"
    "48198a0aa7c14058229493d22530f4dbfa336f6e0ac925139543aed44cce7c37"
    "20fd51f69458705ac68cd4fe6b6b13abdc9746512969328454f18faf8c595f64"
    "2477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4"
    "a4a695811051907e162753b56b0f6b410dba74d8a84b2a14b3144e0ef1284754"
    "fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4"
    "e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850ce929851f"
    "0d8115f635b105ee2e4e15d04b2454bf6f4fadf034b10403119cd8e3b92fcc5b",
    16,
)


def big_endian(number):
    return number.to_bytes((number.bit_length() + 7) // 8, "big")


def key_exchange():
    rng = random.Random(214)
    blob = lambda n: bytes(rng.getrandbits(8) for _ in range(n))
    int128 = lambda: rng.getrandbits(128) - (1 << 127)
    int256 = lambda: rng.getrandbits(256) - (1 << 255)
    nonce, server_nonce, new_nonce = int128(), int128(), int256()
    p, q = 1229739323, 1402015859
    pq, p_bytes, q_bytes = big_endian(p * q), big_endian(p), big_endian(q)
    messages = [
        ("req_pq_multi", functions.ReqPqMultiRequest(nonce=nonce)),
        ("resPQ", types.ResPQ(nonce=nonce, server_nonce=server_nonce, pq=pq,
                              server_public_key_fingerprints=[-3414540481677951611])),
        ("p_q_inner_data_dc", types.PQInnerDataDc(pq=pq, p=p_bytes, q=q_bytes, nonce=nonce,
                                                  server_nonce=server_nonce,
                                                  new_nonce=new_nonce, dc=2)),
        ("req_DH_params", functions.ReqDHParamsRequest(
            nonce=nonce, server_nonce=server_nonce, p=p_bytes, q=q_bytes,
            public_key_fingerprint=-3414540481677951611, encrypted_data=blob(256))),
        ("server_DH_params_ok", types.ServerDHParamsOk(nonce=nonce, server_nonce=server_nonce,
                                                      encrypted_answer=blob(592))),
        ("server_DH_inner_data", types.ServerDHInnerData(
            nonce=nonce, server_nonce=server_nonce, g=3, dh_prime=big_endian(DH_PRIME),
            g_a=blob(256), server_time=1714521600)),
        ("client_DH_inner_data", types.ClientDHInnerData(nonce=nonce, server_nonce=server_nonce,
                                                         retry_id=0, g_b=blob(256))),
        ("set_client_DH_params", functions.SetClientDHParamsRequest(
            nonce=nonce, server_nonce=server_nonce, encrypted_data=blob(336))),
        ("dh_gen_ok", types.DhGenOk(nonce=nonce, server_nonce=server_nonce,
                                    new_nonce_hash1=int128())),
    ]
    with open(HERE / "telethon_key_exchange.tsv", "w") as f:
        f.write(f"# made by make_telethon.py with Telethon {telethon.__version__}\n")
        for name, message in messages:
            f.write(f"{name}\t{bytes(message).hex()}\n")


container()
invoke()
key_exchange()
