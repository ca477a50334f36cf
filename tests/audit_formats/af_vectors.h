/* SPDX-License-Identifier: Apache-2.0 */
/* af_vectors.h - the AUDIT-FORMATS §10.7-10.9 signed-note, checkpoint and cosignature vectors. */
#ifndef SANCTUM_AF_VECTORS_H
#define SANCTUM_AF_VECTORS_H

#define DASH "\xe2\x80\x94"   /* U+2014 EM DASH; signature lines start with DASH " " */

/* §10.7 C2SP signed-note example. */
#define C2SP_VKEY "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"
#define C2SP_PK   "e932791ae6e7a840a46164c904786426d5e7821dd8b29a00d61cae72afdd4da4"
#define C2SP_TEXT "This is an example message.\n"
#define C2SP_B64  "Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM="
#define C2SP_NOTE C2SP_TEXT "\n" DASH " example.com/foo " C2SP_B64 "\n"
#define C2SP_RAW  "49fcb2b575c891a1d9561194bd539da82fd5812ae937d7a69ce2d8e36770095380aed9b60d444583595ec6233811f79855e644abb01e31b562eef62277b26903"

/* §10.7 Go x/mod note_test.go: PeterNeumann and EnochRoot. */
#define PETER_SIGNER "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
#define PETER_VKEY "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
#define PETER_SEED "810a1402d5146c8d84f2443330f54080ebf98ee17d9c74f6252fc5d5c7283173"
#define PETER_PK   "1a5cd907143c384c41e830c5bce12aa8817ec5649aaabf2c31388b35b2d744d6"
#define PETER_TEXT "If you think cryptography is the answer to your problem,\n" \
                   "then you don't know what your problem is.\n"
#define PETER_B64  "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM="
#define PETER_SIG  DASH " PeterNeumann " PETER_B64 "\n"
#define PETER_NOTE PETER_TEXT "\n" PETER_SIG
#define PETER_RAW  "f64992e052f541bf49f7dcbc8010c5506d885ba92cbafca40704959227348b8652060dd451580b6a5948d5e02afa9fa9d9e0a2da5165be8a13a472c81c099c03"
#define ENOCH_VKEY "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"
#define ENOCH_PK   "3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29"
#define ENOCH_SIG  DASH " EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n"

/* §10.8 project checkpoint: log key seed 00..1f. */
#define LOG_NAME   "example.com/case-audit"
#define LOG_PK     "03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8"
#define LOG_VKEY   "example.com/case-audit+9ba52a72+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4"
#define LOG_SIGNER "PRIVATE+KEY+example.com/case-audit+9ba52a72+AQABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f"
#define CP_ROOT_B64 "WmH8K1T5z6cXdPJDIUPdQMbLKxGUf69lp9PaXLZRmcg="
#define CP_TEXT    LOG_NAME "\n7\n" CP_ROOT_B64 "\n"
#define CP_SIG     DASH " example.com/case-audit m6UqcitFMU0ryGhIxAri2F6knmuFbiJV39ul2LC2j6NN7zAcRXgiSsBGIgxGKsfeYgERX4A6WEfmnHjZMhA6G1STDw4=\n"
#define CP_NOTE    CP_TEXT "\n" CP_SIG
#define CP_RAW     "2b45314d2bc86848c40ae2d85ea49e6b856e2255dfdba5d8b0b68fa34def301c4578224ac046220c462ac7de6201115f803a5847e69c78d932103a1b54930f0e"

/* §10.9 project cosignature: witness seed 20..3f. */
#define WIT_NAME   "example.com/case-witness"
#define WIT_PK     "29acbae141bccaf0b22e1a94d34d0bc7361e526d0bfe12c89794bc9322966dd7"
#define WIT_VKEY   "example.com/case-witness+be0c285b+BCmsuuFBvMrwsi4alNNNC8c2HlJtC/4SyJeUvJMilm3X"
#define WIT_TIME   UINT64_C(1700000000)
#define WIT_MSG    "cosignature/v1\ntime 1700000000\n" CP_TEXT
#define WIT_B64    "vgwoWwAAAABlU/EAPLprJwhBlN6C4KmYCWDnB5UXfg8caiKZmr5lRPW2p1Kg++K3R3lPnumZvV+KHnQCegKz7W1m9fFjiLJDU+pEDA=="
#define WIT_LINE   DASH " example.com/case-witness " WIT_B64 "\n"
#define WIT_RAW    "be0c285b" "000000006553f100" \
                   "3cba6b27084194de82e0a9980960e70795177e0f1c6a22999abe6544f5b6a752" \
                   "a0fbe2b747794f9ee999bd5f8a1e74027a02b3ed6d66f5f16388b24353ea440c"

#endif
