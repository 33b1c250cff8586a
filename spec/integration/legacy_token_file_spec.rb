# frozen_string_literal: true

# Apps moving from ZCRMSDK 1.0.x keep their token file: a Marshal dump of an Array of
# ZohoOAuthTokens. It is read as it is, and rewritten in the new format with a backup.
RSpec.describe 'A token file written by ZCRMSDK 1.0.x' do
  include_context 'with the zoho emulator'

  let(:folder) { File.join(scratch, 'tokens') }
  let(:path) { File.join(folder, 'zcrm_oauthtokens.txt') }

  def legacy_dump(tokens)
    FileUtils.mkdir_p(folder)
    File.binwrite(path, Marshal.dump(tokens))
  end

  it 'is imported: API calls use its tokens and the file becomes JSON with a 1.0 backup' do
    init_sdk('persistence' => 'memory')
    fresh = generate_tokens
    other = ZCRMSDK::OAuthClient::ZohoOAuthTokens.new('1000.r', '1000.a', 1_700_000_000_000, 'other@example.com')
    legacy_dump([other, fresh])

    init_sdk('token_persistence_path' => folder)
    expect(client.get_current_user.data[0].email).to eq(user)
    expect(emulator.stats['refreshes']).to eq(0)

    expect(File.read(path)).to start_with('{')
    expect(Marshal.load(File.binread("#{path}.1.0-backup")).map(&:user_identifier)).to eq(['other@example.com', user])
    expect(persistence.get_oauth_tokens('other@example.com').refresh_token).to eq('1000.r')
    expect(File.stat(path).mode & 0o777).to eq(0o600)
  end

  it 'refuses a corrupt file with a clear error and leaves it untouched' do
    FileUtils.mkdir_p(folder)
    File.write(path, "not a token file\n")
    init_sdk('token_persistence_path' => folder)
    expect { generate_tokens }.to raise_error(ZCRMSDK::PersistenceError, /zcrm_oauthtokens\.txt/)
    expect(File.read(path)).to eq("not a token file\n")
  end
end
