# frozen_string_literal: true

# How ZCRMModule#each_record chooses its next request (Pagination::RecordListDepth).
RSpec.describe ZCRMSDK::Operations::Pagination::RecordListDepth do
  Pagination = ZCRMSDK::Operations::Pagination

  def page(next_token)
    Pagination::Page.new([:record], true, next_token)
  end

  let(:v3) { described_class.new('Leads') { 100_000 } }
  let(:first) { Pagination::Cursor.new(1, nil) }

  it 'asks for page 1 by number' do
    expect(v3.request(first)).to eq(page: 1)
  end

  it 'goes on with the answer\'s next_page_token when it carries one (Zoho sends them from API v3 on)' do
    cursor = v3.after(first, page('t2'))
    expect(v3.request(cursor)).to eq(page_token: 't2')
    expect(v3.request(v3.after(cursor, page('t3')))).to eq(page_token: 't3')
  end

  it 'goes on by number while Zoho sends no token (v2, v2.1), as long as the walk has not used one' do
    expect(v3.request(v3.after(first, page(nil)))).to eq(page: 2)
  end

  it 'ends a token walk whose last page says more follow but carries no token with PaginationLimitError' do
    error = v3.after(Pagination::Cursor.new(500, 't500'), page(nil))
    expect(error).to be_a(ZCRMSDK::PaginationLimitError)
    expect(error.limit).to eq(100_000)
    expect(error.status_code).to be_nil
    expect(error.message).to include('Leads', '100000 records', 'Bulk Read')
  end
end
