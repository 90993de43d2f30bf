package dev.converge.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Bucket policies compare in a canonical form. moto returns a policy exactly as it was put, so the
 * read-back documents here are AWS-shaped fixtures, copied in shape from the S3 documentation's
 * GetBucketPolicy examples and the IAM policy grammar: AWS stores account principals as root ARNs,
 * adds the default Version to a document without one, and may write one-element lists as strings.
 */
class PolicyDocumentTest {

    @Test
    void accountPrincipal_readsBackAsItsRootArn_andIsNoDrift() {
        String declared = """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                  "Principal": {"AWS": ["123456789012"]}, "Action": ["s3:GetObject"],
                  "Resource": "arn:aws:s3:::acme-uploads/*"}]}""";
        String fromAws = """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
                "Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"s3:GetObject",\
                "Resource":"arn:aws:s3:::acme-uploads/*"}]}""";

        assertThat(BucketSpec.canonicalPolicy(fromAws)).isEqualTo(BucketSpec.canonicalPolicy(declared));
    }

    @Test
    void documentWithoutVersion_readsBackWithTheDefault_andIsNoDrift() {
        String declared = """
                {"Statement": {"Sid": "DenyInsecure", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                  "Resource": ["arn:aws:s3:::acme-uploads", "arn:aws:s3:::acme-uploads/*"],
                  "Condition": {"Bool": {"aws:SecureTransport": "false"}}}}""";
        String fromAws = """
                {"Version":"2008-10-17","Statement":[{"Sid":"DenyInsecure","Effect":"Deny","Principal":{"AWS":"*"},\
                "Action":["s3:*"],"Resource":["arn:aws:s3:::acme-uploads/*","arn:aws:s3:::acme-uploads"],\
                "Condition":{"Bool":{"aws:SecureTransport":["false"]}}}]}""";

        assertThat(BucketSpec.canonicalPolicy(fromAws)).isEqualTo(BucketSpec.canonicalPolicy(declared));
    }

    @Test
    void rootArnOfAnotherPartition_isTheSameAccount() {
        String china = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws-cn:iam::123456789012:root\"},"
                + "\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}";
        String plain = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"123456789012\"},"
                + "\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}";

        assertThat(BucketSpec.canonicalPolicy(china)).isEqualTo(BucketSpec.canonicalPolicy(plain));
    }

    @Test
    void differentMeaning_isStillDrift() {
        String allow = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"123456789012\"},"
                + "\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}";

        assertThat(BucketSpec.canonicalPolicy(allow.replace("Allow", "Deny"))).isNotEqualTo(BucketSpec.canonicalPolicy(allow));
        assertThat(BucketSpec.canonicalPolicy(allow.replace("123456789012", "210987654321")))
                .isNotEqualTo(BucketSpec.canonicalPolicy(allow));
        assertThat(BucketSpec.canonicalPolicy(allow.replace("s3:GetObject", "s3:PutObject")))
                .isNotEqualTo(BucketSpec.canonicalPolicy(allow));
        assertThat(BucketSpec.canonicalPolicy(allow.replace("{\"Statement", "{\"Version\":\"2012-10-17\",\"Statement")))
                .as("a document without Version is read as 2008-10-17, which differs from 2012-10-17")
                .isNotEqualTo(BucketSpec.canonicalPolicy(allow));
    }
}
